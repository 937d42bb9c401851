using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Benchmarks.Baseline;

/// <summary>
/// The store a typical client writes: one EF Core entity per item with its ids as text and its participants as JSON,
/// created with <c>EnsureCreated</c>, saved one message at a time. The worker's own schema is compact and written a page
/// at a time; this one is what it is measured against.
/// </summary>
internal sealed class BaselineDbContext(DbContextOptions<BaselineDbContext> options) : DbContext(options)
{
    public DbSet<BaselineItem> Items => Set<BaselineItem>();

    public DbSet<BaselineCursor> Cursors => Set<BaselineCursor>();

    public static BaselineDbContext Open(string file) =>
        new(new DbContextOptionsBuilder<BaselineDbContext>().UseSqlite(new SqliteConnectionStringBuilder { DataSource = file }.ConnectionString).Options);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BaselineItem>().HasIndex(i => new { i.MailboxId, i.GraphId }).IsUnique();
        modelBuilder.Entity<BaselineCursor>().HasKey(c => new { c.MailboxId, c.FolderId });
    }
}

internal sealed class BaselineItem
{
    public long Id { get; set; }

    public required string MailboxId { get; set; }

    public required string FolderId { get; set; }

    public required string GraphId { get; set; }

    public int Kind { get; set; }

    public DateTime OccurredAt { get; set; }

    public int ParticipantCount { get; set; }

    public required string Participants { get; set; }

    public string? InternetMessageId { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class BaselineCursor
{
    public required string MailboxId { get; set; }

    public required string FolderId { get; set; }

    public int Kind { get; set; }

    public string? DeltaLink { get; set; }

    public DateTime CompletedAt { get; set; }
}
