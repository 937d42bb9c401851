using GraphNetworker.Core.Model;
using GraphNetworker.Store.Entities;
using Microsoft.EntityFrameworkCore;

namespace GraphNetworker.Store.Tests.Infrastructure;

/// <summary>Realistic rows: Graph-shaped ids, addresses and links, UTC times.</summary>
internal static class TestData
{
    public const string Inbox = "AAMkAGI2TG93AAA=inbox";
    public const string Archive = "AAMkAGI2TG93AAA=archive";
    public const string SentItems = "AAMkAGI2TG93AAA=sentitems";

    /// <summary>A new mailbox (a Graph user id) stored in the database.</summary>
    public static async Task<Mailbox> AddMailboxAsync(TestDatabase database, DateTime inScopeSince, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString();
        var mailbox = new Mailbox
        {
            Id = id,
            UserPrincipalName = $"avery.chen.{id[..8]}@contoso.com",
            DisplayName = "Avery Chen",
            PrimaryAddress = $"avery.chen.{id[..8]}@contoso.com",
            ScopeState = ScopeState.InScope,
            InScopeSince = inScopeSince,
            TimeZone = "W. Europe Standard Time",
        };
        await using var db = database.CreateContext();
        db.Mailboxes.Add(mailbox);
        await db.SaveChangesAsync(ct);
        return mailbox;
    }

    public static async Task<Mailbox> ReadMailboxAsync(TestDatabase database, string mailboxId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Mailboxes.AsNoTracking().SingleAsync(m => m.Id == mailboxId, ct);
    }

    public static async Task<List<InteractionRow>> ReadInteractionsAsync(TestDatabase database, string mailboxId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.Interactions.AsNoTracking().Where(i => i.MailboxId == mailboxId).OrderBy(i => i.GraphId).ToListAsync(ct);
    }

    /// <summary>An immutable message id as Graph shapes them (the suffix keeps test items apart).</summary>
    public static string MessageId(string suffix) => $"AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AXq9BdOJ4TEa6A2vR4tDrrQAAB{suffix}";

    public static InteractionRow Mail(string mailboxId, string folderId, string graphId, DateTime at, InteractionKind kind = InteractionKind.EmailReceived, params Participant[] participants)
    {
        IReadOnlyList<Participant> people = participants.Length > 0
            ? participants
            : [new("dana.whitfield@fabrikam.com", "Dana Whitfield", ParticipantRole.From), new("avery.chen@contoso.com", "Avery Chen", ParticipantRole.To)];
        return new InteractionRow
        {
            MailboxId = mailboxId,
            GraphId = graphId,
            FolderId = folderId,
            Kind = (int)kind,
            OccurredAt = at,
            ParticipantCount = people.Count,
            Participants = ParticipantCodec.Encode(people),
            ConversationId = "AAQkAGI2TG93AAAQAJ7vpZ1kX0aYbqbd2ZxSGOo=",
            InternetMessageId = $"<{graphId[^8..]}@AM0PR04MB1234.eurprd04.prod.outlook.com>",
            WebLink = $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(graphId)}&exvsurl=1&viewmodel=ReadMessageItem",
        };
    }

    public static InteractionRow Meeting(string mailboxId, string graphId, DateTime start, TimeSpan length, params Participant[] participants) =>
        new()
        {
            MailboxId = mailboxId,
            GraphId = graphId,
            FolderId = "calendarView",
            Kind = (int)InteractionKind.Meeting,
            OccurredAt = start,
            EndsAt = start + length,
            ParticipantCount = participants.Length,
            Participants = ParticipantCodec.Encode(participants),
            OwnerResponse = (int)MeetingResponse.Accepted,
            SeriesMasterId = "AAMkAGI2TG93AAABDQBGAAAAAACrYl5IAAA=",
            WebLink = $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(graphId)}&exvsurl=1&path=/calendar/item",
        };

    public static DateTime Utc(string iso) =>
        DateTime.SpecifyKind(DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);
}
