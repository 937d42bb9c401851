using System.Globalization;
using System.Text.Json.Nodes;
using GraphNetworker.GraphEmulator.Core;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>A sender or recipient: display name and address (SMTP, or X500 for some internal senders).</summary>
internal sealed record Party(string Name, string Address)
{
    public static Party Of(Person p) => new(p.DisplayName, p.Address);

    public JsonObject ToRecipient() => new() { ["emailAddress"] = new JsonObject { ["name"] = Name, ["address"] = Address } };
}

/// <summary>Builds Graph message JSON (metadata only: synthetic messages have no bodies).</summary>
internal sealed class MessageFactory
{
    private readonly ulong _seed;
    private readonly ulong _mailboxKey;
    private int _sequence;

    public MessageFactory(ulong seed, ulong mailboxKey)
    {
        _seed = seed;
        _mailboxKey = mailboxKey;
    }

    public string ConversationId(string threadKey) =>
        OpaqueIds.FromHash(IdKind.Conversation, _seed, _mailboxKey, Hashing.Of(threadKey));

    public string InternetMessageId(string senderDomain, bool internalSender)
    {
        var n = (ulong)Interlocked.Increment(ref _sequence);
        var hex = Hashing.Mix(_seed, _mailboxKey, n).ToString("X16", CultureInfo.InvariantCulture);
        return internalSender
            ? $"<PH0PR11MB{hex[..4]}{hex[4..]}@PH0PR11MB{hex[..4]}.namprd11.prod.outlook.com>"
            : $"<{hex.ToLowerInvariant()}@mail.{senderDomain}>";
    }

    public JsonObject Create(MessageSpec spec)
    {
        var received = spec.Sent.AddSeconds(3 + (Hashing.Of(spec.Subject) % 40));
        var message = new JsonObject
        {
            ["internetMessageId"] = spec.InternetMessageId,
            ["conversationId"] = ConversationId(spec.ThreadKey),
            ["subject"] = spec.Subject,
            ["from"] = spec.From.ToRecipient(),
            ["sender"] = (spec.Sender ?? spec.From).ToRecipient(),
            ["toRecipients"] = Recipients(spec.To),
            ["ccRecipients"] = Recipients(spec.Cc),
            ["bccRecipients"] = Recipients(spec.Bcc),
            ["replyTo"] = new JsonArray(),
            ["sentDateTime"] = GraphTime.Utc(spec.Sent),
            ["receivedDateTime"] = GraphTime.Utc(spec.Outbound ? spec.Sent : received),
            ["createdDateTime"] = GraphTime.UtcPrecise(spec.Outbound ? spec.Sent : received),
            ["lastModifiedDateTime"] = GraphTime.UtcPrecise(spec.Outbound ? spec.Sent : received),
            ["hasAttachments"] = false,
            ["importance"] = "normal",
            ["isRead"] = spec.IsRead,
            ["isDraft"] = spec.IsDraft,
            ["inferenceClassification"] = spec.Inference,
            ["categories"] = new JsonArray(),
            ["internetMessageHeaders"] = spec.Headers ?? DefaultHeaders(spec),
        };
        return message;
    }

    private static JsonArray Recipients(IEnumerable<Party>? parties)
    {
        var array = new JsonArray();
        foreach (var p in parties ?? [])
        {
            array.Add(p.ToRecipient());
        }

        return array;
    }

    private static JsonArray DefaultHeaders(MessageSpec spec) =>
    [
        Header("Message-ID", spec.InternetMessageId),
        Header("MIME-Version", "1.0"),
        Header("Content-Type", "multipart/alternative"),
    ];

    public static JsonObject Header(string name, string value) => new() { ["name"] = name, ["value"] = value };
}

/// <summary>What one synthetic message is: parties, time, subject, folder-independent flags.</summary>
internal sealed record MessageSpec
{
    public required Party From { get; init; }

    public Party? Sender { get; init; }

    public required IReadOnlyList<Party> To { get; init; }

    public IReadOnlyList<Party>? Cc { get; init; }

    public IReadOnlyList<Party>? Bcc { get; init; }

    public required string Subject { get; init; }

    public required DateTimeOffset Sent { get; init; }

    public required string ThreadKey { get; init; }

    public required string InternetMessageId { get; init; }

    public bool Outbound { get; init; }

    public bool IsRead { get; init; } = true;

    public bool IsDraft { get; init; }

    public string Inference { get; init; } = "focused";

    public JsonArray? Headers { get; init; }
}
