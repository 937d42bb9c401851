using GraphNetworker.Store.Repositories;
using Microsoft.Extensions.DependencyInjection;
using GraphNetworker.Core.Model;
using GraphNetworker.Core.Ports;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Tests.Infrastructure;

/// <summary>Realistic rows: Graph-shaped ids, addresses and links, UTC times.</summary>
internal static class TestData
{
    public const string Inbox = "AAMkAGI2TG93AAA=inbox";
    public const string Archive = "AAMkAGI2TG93AAA=archive";
    public const string SentItems = "AAMkAGI2TG93AAA=sentitems";

    /// <summary>The worker the tests write as: a new mailbox's lease is theirs, without an expiry (anyone may take it).</summary>
    public const string Writer = "store-tests";

    /// <summary>The fence a test writes a new mailbox's data under (until a test takes the lease itself).</summary>
    public static LeaseFence Fence(string mailboxId) => new(mailboxId, Writer, 1);

    /// <summary>A new mailbox (a Graph user id) stored in the database, its lease held by <see cref="Writer"/>.</summary>
    public static async Task<Mailbox> AddMailboxAsync(TestDatabase database, DateTime inScopeSince, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString();
        var mailbox = new Mailbox
        {
            Id = id,
            Number = Interlocked.Increment(ref _mailboxes),
            UserPrincipalName = $"avery.chen.{id[..8]}@contoso.com",
            DisplayName = "Avery Chen",
            PrimaryAddress = $"avery.chen.{id[..8]}@contoso.com",
            ScopeState = ScopeState.InScope,
            InScopeSince = inScopeSince,
            TimeZone = "W. Europe Standard Time",
            LeaseOwner = Writer,
            LeaseEpoch = 1,
        };
        await using var db = database.CreateContext();
        db.Mailboxes.Add(mailbox);
        await db.SaveChangesAsync(ct);
        return mailbox;
    }

    private static int _mailboxes = Random.Shared.Next(1_000_000);

    public static async Task<Mailbox> ReadMailboxAsync(TestDatabase database, string mailboxId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, ct);
    }

    /// <summary>A mailbox's stored items, ordered by Graph id, read back through the store.</summary>
    public static async Task<List<StoredInteraction>> ReadInteractionsAsync(TestDatabase database, string mailboxId, CancellationToken ct)
    {
        await using var services = database.Services();
        var rows = await services.GetRequiredService<EvaluationStore>().StoredItemsAsync(mailboxId, ct);
        return [.. rows.OrderBy(r => r.Item.ItemId, StringComparer.Ordinal).Select(r => new StoredInteraction(r.Item, r.FolderId, r.Generation))];
    }

    /// <summary>A folder known to the store, ready for a first round.</summary>
    public static MailFolder Folder(string id, string? wellKnownName = null) => new(id, id[^5..], null, wellKnownName);

    /// <summary>An immutable message id as Graph shapes them (the suffix keeps test items apart).</summary>
    public static string MessageId(string suffix) => $"AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AXq9BdOJ4TEa6A2vR4tDrrQAAB{suffix}";

    public static Interaction Mail(string graphId, DateTime at, InteractionKind kind = InteractionKind.EmailReceived, params Participant[] participants)
    {
        IReadOnlyList<Participant> people = participants.Length > 0
            ? participants
            : [new("dana.whitfield@fabrikam.com", "Dana Whitfield", ParticipantRole.From), new("avery.chen@contoso.com", "Avery Chen", ParticipantRole.To)];
        return new Interaction
        {
            ItemId = graphId,
            Kind = kind,
            OccurredAt = new DateTimeOffset(at, TimeSpan.Zero),
            ParticipantCount = people.Count,
            Participants = people,
            InternetMessageId = $"<{graphId[^8..]}@AM0PR04MB1234.eurprd04.prod.outlook.com>",
            WebLink = $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(graphId)}&exvsurl=1&viewmodel=ReadMessageItem",
        };
    }

    public static Interaction Meeting(string graphId, DateTime start, TimeSpan length, params Participant[] participants) =>
        new()
        {
            ItemId = graphId,
            Kind = InteractionKind.Meeting,
            OccurredAt = new DateTimeOffset(start, TimeSpan.Zero),
            EndsAt = new DateTimeOffset(start + length, TimeSpan.Zero),
            ParticipantCount = participants.Length,
            Participants = participants,
            OwnerResponse = MeetingResponse.Accepted,
            WebLink = $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(graphId)}&exvsurl=1&path=/calendar/item",
        };

    public static DateTime Utc(string iso) =>
        DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
}

/// <summary>An interaction as stored: the engine's item and what storage keeps beside it.</summary>
internal sealed record StoredInteraction(Interaction Item, string FolderId, int Generation)
{
    public string GraphId => Item.ItemId;

    public bool IsCancelled => Item.IsCancelled;

    public BulkSignals Bulk => Item.Bulk;

    public DateTime OccurredAt => Item.OccurredAt.UtcDateTime;

    public DateTime? EndsAt => Item.EndsAt?.UtcDateTime;
}
