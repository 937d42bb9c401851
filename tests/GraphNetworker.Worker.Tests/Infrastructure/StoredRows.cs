using GraphNetworker.Core.Model;
using GraphNetworker.Store;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Worker.Tests.Infrastructure;

/// <summary>An interaction as the store keeps it: the engine's item and the folder it was read from.</summary>
public sealed record StoredItem(string MailboxId, string FolderId, Interaction Item)
{
    public string GraphId => Item.ItemId;

    public InteractionKind Kind => Item.Kind;

    public string? InternetMessageId => Item.InternetMessageId;

    /// <summary>Every participant's address, for "was this person on it" checks.</summary>
    public string Participants => string.Join(" ", Item.Participants.Select(p => p.Address));

    public static List<StoredItem> Read(GraphNetworkerDbContext db, string? mailboxId = null)
    {
        using (db)
        {
            return [.. db.Interactions.AsNoTracking()
                .Where(i => mailboxId == null || EF.Property<string>(i, Shadow.MailboxId) == mailboxId)
                .Select(i => new { Item = i, Mailbox = EF.Property<string>(i, Shadow.MailboxId), Folder = EF.Property<string>(i, Shadow.FolderId) })
                .AsEnumerable()
                .Select(r => new StoredItem(r.Mailbox, r.Folder, r.Item))];
        }
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
