using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GraphNetworker.Store;

/// <summary>
/// The relationship store: one model for SQLite, PostgreSQL and SQL Server. Times are UTC <see cref="DateTime"/>
/// (SQLite cannot compare <see cref="DateTimeOffset"/> in SQL), scores are <see cref="double"/>, and no column uses a
/// provider-specific type.
/// </summary>
public sealed class GraphNetworkerDbContext(DbContextOptions<GraphNetworkerDbContext> options) : DbContext(options)
{
    public DbSet<Mailbox> Mailboxes => Set<Mailbox>();

    public DbSet<FolderCursor> FolderCursors => Set<FolderCursor>();

    public DbSet<InteractionRow> Interactions => Set<InteractionRow>();

    public DbSet<DirectoryPerson> DirectoryPeople => Set<DirectoryPerson>();

    public DbSet<DirectoryAddress> DirectoryAddresses => Set<DirectoryAddress>();

    public DbSet<RelationshipRow> Relationships => Set<RelationshipRow>();

    public DbSet<PersonPreferenceRow> PersonPreferences => Set<PersonPreferenceRow>();

    public DbSet<PersonLinkRow> PersonLinks => Set<PersonLinkRow>();

    public DbSet<ExclusionRuleRow> ExclusionRules => Set<ExclusionRuleRow>();

    public DbSet<SuggestionRow> Suggestions => Set<SuggestionRow>();

    public DbSet<OutlookWrite> OutlookWrites => Set<OutlookWrite>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GraphNetworkerDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    /// <summary>Stores and reads back every time as UTC, whatever the provider returns.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
