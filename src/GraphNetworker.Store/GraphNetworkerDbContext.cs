using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GraphNetworker.Store;

/// <summary>
/// The relationship store: one model for SQLite, PostgreSQL and SQL Server. The engine's own types (interactions,
/// assessments, suggestions, preferences, link decisions, exclusion rules, sync cursors) are the entities; what only storage needs (the mailbox a row
/// belongs to, generations, timestamps) are shadow properties (<see cref="Shadow"/>). Times are stored as UTC
/// <see cref="DateTime"/> (SQLite cannot compare <see cref="DateTimeOffset"/> in SQL), scores are <see cref="double"/>,
/// and no column uses a provider-specific type.
/// </summary>
public sealed class GraphNetworkerDbContext(DbContextOptions<GraphNetworkerDbContext> options) : DbContext(options)
{
    public DbSet<Mailbox> Mailboxes => Set<Mailbox>();

    public DbSet<SyncCursor> FolderCursors => Set<SyncCursor>();

    /// <summary>The stored items, as rows of their compact encoding (<see cref="Items.ItemWriter"/> writes them, <see cref="Items.ItemReader"/> reads them).</summary>
    internal DbSet<Dictionary<string, object>> StoredItems => Set<Dictionary<string, object>>(Items.ItemColumns.Entity);

    public DbSet<DirectoryUser> DirectoryUsers => Set<DirectoryUser>();

    public DbSet<DirectoryAddress> DirectoryAddresses => Set<DirectoryAddress>();

    public DbSet<RelationshipAssessment> Relationships => Set<RelationshipAssessment>();

    public DbSet<PersonPreference> PersonPreferences => Set<PersonPreference>();

    public DbSet<LinkDecision> PersonLinks => Set<LinkDecision>();

    public DbSet<ExclusionRule> ExclusionRules => Set<ExclusionRule>();

    public DbSet<Suggestion> Suggestions => Set<Suggestion>();

    public DbSet<OutlookWrite> OutlookWrites => Set<OutlookWrite>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GraphNetworkerDbContext).Assembly);
        Configuration.InteractionConfiguration.Configure(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    /// <summary>Stores and reads back every time as UTC, whatever the provider returns.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    /// <summary>The engine's moments as UTC <see cref="DateTime"/> columns: comparable and sortable in SQL on every provider.</summary>
    private sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTime>(
        v => v.UtcDateTime,
        v => new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc), TimeSpan.Zero));
}

/// <summary>Shadow properties: what a row needs in storage that the engine's type does not carry.</summary>
public static class Shadow
{
    /// <summary>The mailbox a row belongs to.</summary>
    public const string MailboxId = "MailboxId";

    public const string UpdatedAt = "UpdatedAt";

    /// <summary>A relationship's position in the focus list (1 = first), or null.</summary>
    public const string FocusRank = "FocusRank";

    public const string EvaluatedAt = "EvaluatedAt";

    /// <summary>A folder's number within its mailbox (<c>FolderCursors.Number</c>): what its items name it by.</summary>
    public const string FolderNumber = "Number";

    /// <summary>A row number, for entities the engine identifies by value (links, rules).</summary>
    public const string RowId = "Id";

    public const string CreatedAt = "CreatedAt";

    /// <summary>A link's verdict: true (linked by the user), false (unlinked, never made again), null (not answered yet).</summary>
    public const string Verdict = "Verdict";

    /// <summary>When the user gave a link its verdict.</summary>
    public const string DecidedAt = "DecidedAt";
}
