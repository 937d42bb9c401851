using GraphNetworker.Core.Model;
using GraphNetworker.Store;
using GraphNetworker.Store.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GraphNetworker.Worker.Tests.Infrastructure;

/// <summary>An interaction as the store keeps it: the engine's item and the folder it was read from.</summary>
public sealed record StoredItem(string MailboxId, string FolderId, Interaction Item)
{
    public string GraphId => Item.ItemId;

    public InteractionKind Kind => Item.Kind;

    /// <summary>The key the store keeps for the Internet Message-ID (<see cref="Interaction.MessageKey"/>).</summary>
    public long? MessageKey => Item.MessageKey;

    /// <summary>Every participant's address, for "was this person on it" checks.</summary>
    public string Participants => string.Join(" ", Item.Participants.Select(p => p.Address));

    /// <summary>The store registered on a database another process wrote (a killed worker's SQLite file).</summary>
    public static ServiceProvider StoreOn(string sqliteConnectionString)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GraphNetworker:Store:Provider"] = "Sqlite",
            ["GraphNetworker:Store:ConnectionString"] = sqliteConnectionString,
        }).Build();
        return new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration)
            .AddLogging()
            .AddGraphNetworkerStore()
            .BuildServiceProvider();
    }

    /// <summary>The items the store keeps for one mailbox, or for every mailbox, read back through the store.</summary>
    public static List<StoredItem> Read(IServiceProvider services, string? mailboxId = null)
    {
        var store = services.GetRequiredService<EvaluationStore>();
        List<string> mailboxes;
        using (var db = services.GetRequiredService<IDbContextFactory<GraphNetworkerDbContext>>().CreateDbContext())
        {
            mailboxes = mailboxId is null ? [.. db.Mailboxes.AsNoTracking().Select(m => m.Id)] : [mailboxId];
        }

        return [.. mailboxes.SelectMany(id => store.StoredItemsAsync(id, CancellationToken.None).GetAwaiter().GetResult().Select(r => new StoredItem(id, r.FolderId, r.Item)))];
    }
}

/// <summary>A suggestion as stored, with the mailbox it belongs to.</summary>
public sealed record StoredSuggestion(string MailboxId, Suggestion Value)
{
    public string Id => Value.Id;

    public string PersonKey => Value.PersonKey;

    public string DisplayName => Value.DisplayName;

    public string Reason => Value.Reason;

    public SuggestionKind Kind => Value.Kind;

    public SuggestionState State => Value.State;

    public string? GraphId => Value.GraphId;

    public DateTimeOffset? HoldStart => Value.HoldStart;

    public DateTimeOffset? HoldEnd => Value.HoldEnd;

    public DateTimeOffset? UserDueAt => Value.UserDueAt;

    public static List<StoredSuggestion> Read(GraphNetworkerDbContext db)
    {
        using (db)
        {
            return [.. db.Suggestions.AsNoTracking()
                .Select(s => new { Value = s, Mailbox = EF.Property<string>(s, Shadow.MailboxId) })
                .AsEnumerable()
                .Select(r => new StoredSuggestion(r.Mailbox, r.Value))
                .OrderBy(s => s.MailboxId, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)];
        }
    }
}

/// <summary>An assessment as stored, with the mailbox it belongs to.</summary>
public sealed record StoredRelationship(string MailboxId, RelationshipAssessment Value)
{
    public string PersonKey => Value.PersonKey;

    public RelationshipStatus Status => Value.Status;

    public static List<StoredRelationship> Read(GraphNetworkerDbContext db)
    {
        using (db)
        {
            return [.. db.Relationships.AsNoTracking()
                .Select(r => new { Value = r, Mailbox = EF.Property<string>(r, Shadow.MailboxId) })
                .AsEnumerable()
                .Select(r => new StoredRelationship(r.Mailbox, r.Value))
                .OrderBy(r => r.MailboxId, StringComparer.Ordinal).ThenBy(r => r.PersonKey, StringComparer.Ordinal)];
        }
    }
}
