using System.Runtime.InteropServices;
using System.Text.Json;
using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Graph.Sync;

/// <summary>
/// Who the mailbox belongs to, for telling sent from received mail and the owner's own role, and which of its calendar
/// items are holds GraphNetworker wrote. Read from the store the first time a page has items to map
/// (<see cref="EnsureAsync"/>): a quiet cycle, whose pages are empty, never asks.
/// </summary>
public sealed class MailboxContext
{
    private readonly Func<CancellationToken, Task<(IReadOnlySet<string> Owner, IReadOnlySet<string> Holds)>>? _load;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private IReadOnlySet<string>? _owner;
    private IReadOnlySet<string>? _holds;

    public MailboxContext(string mailboxId, IReadOnlySet<string> ownerAddresses, IReadOnlySet<string> ownHoldIds)
    {
        MailboxId = mailboxId;
        _owner = ownerAddresses;
        _holds = ownHoldIds;
    }

    private MailboxContext(string mailboxId, Func<CancellationToken, Task<(IReadOnlySet<string> Owner, IReadOnlySet<string> Holds)>> load)
    {
        MailboxId = mailboxId;
        _load = load;
    }

    public string MailboxId { get; }

    /// <summary>The owner's addresses, normalised.</summary>
    public IReadOnlySet<string> OwnerAddresses => _owner ?? throw new InvalidOperationException("The mailbox context is read on first use: call EnsureAsync first.");

    public IReadOnlySet<string> OwnHoldIds => _holds ?? throw new InvalidOperationException("The mailbox context is read on first use: call EnsureAsync first.");

    /// <summary>A context read from the store when a page first needs it.</summary>
    public static MailboxContext OnFirstUse(string mailboxId, Func<CancellationToken, Task<(IReadOnlySet<string> Owner, IReadOnlySet<string> Holds)>> load) => new(mailboxId, load);

    /// <summary>Reads the context if it has not been read (folders map in parallel: once for all of them).</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _holds) is not null || _load is null)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_holds is null)
            {
                var (owner, holds) = await _load(cancellationToken);
                _owner = owner;
                Volatile.Write(ref _holds, holds);
            }
        }
        finally
        {
            _loading.Release();
        }
    }

    public bool IsOwner(string? address) => address is not null && Addresses.Normalize(address) is { } normalized && OwnerAddresses.Contains(normalized);
}

/// <summary>
/// Maps one Graph message (raw JSON of the selected properties) to the engine's interaction: metadata only. A message in
/// Sent Items, or from one of the owner's addresses, is mail sent; anything else is mail received. Drafts are not
/// contact. Items that cannot be read are refused with a reason (missing sender, no valid recipient, unknown enum
/// value, impossible date), never with their content.
/// </summary>
public sealed class MessageMapper(SyncOptions options)
{
    /// <summary>The properties asked for with $select: never the body or its preview.</summary>
    public static readonly string[] Select =
    [
        "id", "from", "sender", "toRecipients", "ccRecipients", "bccRecipients", "receivedDateTime", "sentDateTime",
        "internetMessageId", "inferenceClassification", "internetMessageHeaders", "isDraft", "webLink",
        "subject", "parentFolderId",
    ];

    /// <summary><see cref="Select"/> without <c>internetMessageHeaders</c>, for a tenant where Graph refuses them.</summary>
    public static readonly string[] SelectWithoutHeaders = [.. Select.Where(p => p != "internetMessageHeaders")];

    /// <summary>
    /// An update in a delta change round that carries only the changed properties (with <c>id</c> and
    /// <c>parentFolderId</c>): no time, sender or recipients, which every whole message has.
    /// </summary>
    public static bool IsPartialUpdate(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id"u8, out _)
        && !item.TryGetProperty("receivedDateTime"u8, out _) && !item.TryGetProperty("sentDateTime"u8, out _)
        && !item.TryGetProperty("from"u8, out _) && !item.TryGetProperty("sender"u8, out _) && !item.TryGetProperty("toRecipients"u8, out _);

    /// <summary>Whether a partial update changes a property this mapper reads (a read-state or flag change does not).</summary>
    public static bool ChangesWhatIsRead(JsonElement item) =>
        item.EnumerateObject().Any(p => p.Name is not ("id" or "parentFolderId" or "changeKey") && !p.Name.StartsWith('@') && Select.Contains(p.Name, StringComparer.Ordinal));

    private static readonly string[] Classifications = ["focused", "other"];

    /// <summary>Null for an item that is simply not contact (a draft); throws <see cref="MalformedItemException"/> for one that cannot be read.</summary>
    public Interaction? Map(JsonElement item, bool isSentFolder, MailboxContext mailbox)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedItemException($"an item that is {item.ValueKind}, not an object");
        }

        var message = Properties.Of(item);
        var id = Json.TextValue(message.Id, "id", 1024);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new MalformedItemException("missing id");
        }

        if (id.Length > 512)
        {
            throw new MalformedItemException("id longer than 512 characters");
        }

        if (Json.FlagValue(message.IsDraft, "isDraft"))
        {
            return null;
        }

        var classification = Json.OneOfValue(message.InferenceClassification, "inferenceClassification", Classifications);
        var fromObject = Json.ObjectValue(message.From, "from");
        var senderObject = Json.ObjectValue(message.Sender, "sender");
        var from = Recipient(fromObject) ?? Recipient(senderObject);
        var sent = isSentFolder || mailbox.IsOwner(from?.Address);
        var when = (sent
                       ? Json.TimeValue(message.SentDateTime, "sentDateTime") ?? Json.TimeValue(message.ReceivedDateTime, "receivedDateTime")
                       : Json.TimeValue(message.ReceivedDateTime, "receivedDateTime") ?? Json.TimeValue(message.SentDateTime, "sentDateTime"))
                   ?? throw new MalformedItemException("no sent or received time");

        var recipients = new List<(Participant Who, bool IsOwner)>();
        var total = 0;
        AddRecipients(recipients, ref total, message.ToRecipients, "toRecipients", ParticipantRole.To, mailbox);
        AddRecipients(recipients, ref total, message.CcRecipients, "ccRecipients", ParticipantRole.Cc, mailbox);
        AddRecipients(recipients, ref total, message.BccRecipients, "bccRecipients", ParticipantRole.Bcc, mailbox);

        if (!sent && from is null)
        {
            throw new MalformedItemException(IsOverLong(fromObject) || IsOverLong(senderObject)
                ? $"sender address longer than {MaxAddressLength} characters"
                : "missing sender");
        }

        if (!sent && Addresses.Normalize(from!.Value.Address) is null)
        {
            throw new MalformedItemException("invalid sender address");
        }

        if (sent && recipients.Count == 0)
        {
            throw new MalformedItemException(total == 0 ? "sent mail without recipients" : "no valid recipient address");
        }

        var participants = new List<Participant>(Math.Min(recipients.Count + 1, options.MaxStoredParticipants));
        participants.Add(new Participant(from?.Address ?? mailbox.OwnerAddresses.First(), from?.Name, ParticipantRole.From));

        // Mail to more people than are kept never counts as contact: the owner's own entry stays, the rest is counted.
        foreach (var (who, isOwner) in recipients)
        {
            if (isOwner)
            {
                participants.Add(who);
                break;
            }
        }

        var room = options.MaxStoredParticipants - participants.Count;
        foreach (var (who, isOwner) in recipients)
        {
            if (!isOwner && room-- > 0)
            {
                participants.Add(who);
            }
        }

        return new Interaction
        {
            ItemId = id,
            Kind = sent ? InteractionKind.EmailSent : InteractionKind.EmailReceived,
            OccurredAt = when.ToUniversalTime(),
            ParticipantCount = total + 1,
            Participants = participants,
            InternetMessageId = Json.TextValue(message.InternetMessageId, "internetMessageId", 998),
            Subject = options.StoreSubjects ? Json.TextValue(message.Subject, "subject", 255) : null,
            WebLink = Json.TextValue(message.WebLink, "webLink", 2048),
            Bulk = BulkOf(message.InternetMessageHeaders, classification),
        };
    }

    /// <summary>
    /// The properties the mapper reads, found in one pass over the item (a lookup by name scans the item's properties
    /// each time, with the name converted to UTF-8: a dozen of them were half the mapping's CPU). A property that is
    /// there twice is read as its last copy, as a lookup by name reads it. Missing ones are <c>default</c>.
    /// </summary>
    private struct Properties
    {
        public JsonElement Id, IsDraft, InferenceClassification, From, Sender, SentDateTime, ReceivedDateTime, ToRecipients, CcRecipients,
            BccRecipients, InternetMessageId, Subject, WebLink, InternetMessageHeaders;

        public static Properties Of(JsonElement item)
        {
            var found = default(Properties);
            foreach (var property in item.EnumerateObject())
            {
                // Names as Graph wrote them; one written with JSON escapes (Graph writes none) is compared unescaped.
                var name = JsonMarshal.GetRawUtf8PropertyName(property);
                if (name.Contains((byte)'\\'))
                {
                    found.SetEscaped(property);
                    continue;
                }

                found.Set(name, property.Value);
            }

            return found;
        }

        private void Set(ReadOnlySpan<byte> name, JsonElement value)
        {
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8): Id = value; break;
                case 4 when name.SequenceEqual("from"u8): From = value; break;
                case 6 when name.SequenceEqual("sender"u8): Sender = value; break;
                case 7 when name.SequenceEqual("isDraft"u8): IsDraft = value; break;
                case 7 when name.SequenceEqual("webLink"u8): WebLink = value; break;
                case 7 when name.SequenceEqual("subject"u8): Subject = value; break;
                case 12 when name.SequenceEqual("toRecipients"u8): ToRecipients = value; break;
                case 12 when name.SequenceEqual("ccRecipients"u8): CcRecipients = value; break;
                case 12 when name.SequenceEqual("sentDateTime"u8): SentDateTime = value; break;
                case 13 when name.SequenceEqual("bccRecipients"u8): BccRecipients = value; break;
                case 16 when name.SequenceEqual("receivedDateTime"u8): ReceivedDateTime = value; break;
                case 17 when name.SequenceEqual("internetMessageId"u8): InternetMessageId = value; break;
                case 22 when name.SequenceEqual("internetMessageHeaders"u8): InternetMessageHeaders = value; break;
                case 23 when name.SequenceEqual("inferenceClassification"u8): InferenceClassification = value; break;
            }
        }

        private void SetEscaped(JsonProperty property)
        {
            foreach (var known in Known)
            {
                if (property.NameEquals(known))
                {
                    Set(System.Text.Encoding.UTF8.GetBytes(known), property.Value);
                    return;
                }
            }
        }

        private static readonly string[] Known =
        [
            "id", "from", "sender", "isDraft", "webLink", "subject", "toRecipients", "ccRecipients", "sentDateTime", "bccRecipients",
            "receivedDateTime", "internetMessageId", "internetMessageHeaders", "inferenceClassification",
        ];
    }

    private static void AddRecipients(
        List<(Participant Who, bool IsOwner)> into, ref int total, JsonElement recipients, string name, ParticipantRole role, MailboxContext mailbox)
    {
        if (!Json.IsList(recipients, name))
        {
            return;
        }

        foreach (var recipient in recipients.EnumerateArray())
        {
            total++;
            if (Recipient(recipient) is { } r && Addresses.Normalize(r.Address) is { } normalized)
            {
                into.Add((new Participant(r.Address, r.Name, role), mailbox.OwnerAddresses.Contains(normalized)));
            }
        }
    }

    /// <summary>A recipient's <c>emailAddress</c>, or null when it has no address at all.</summary>
    internal static (string Address, string? Name)? Recipient(JsonElement? recipient)
    {
        if (recipient is not { } value)
        {
            return null;
        }

        // An address longer than any real one (RFC 5321 allows 64 + 1 + 255) cannot be a person's, and would not fit the
        // store's person keys: it is an unreadable recipient, counted but not kept.
        var email = Json.Object(value, "emailAddress");
        var address = email is { } e ? Json.Text(e, "address", 1024, clean: false) : null;
        return string.IsNullOrWhiteSpace(address) || address.Length > MaxAddressLength ? null : (address, Json.Text(email!.Value, "name", 256));
    }

    /// <summary>A recipient whose address is there but longer than <see cref="MaxAddressLength"/>: no person's, and never stored.</summary>
    private static bool IsOverLong(JsonElement? recipient) =>
        recipient is { } value && Json.Object(value, "emailAddress") is { } email && Json.Text(email, "address", 1024, clean: false) is { Length: > MaxAddressLength };

    /// <summary>The longest address kept (the store's person keys hold 380 characters; legacy X500 DNs fit too).</summary>
    public const int MaxAddressLength = 320;

    private static BulkSignals BulkOf(JsonElement headers, string? classification)
    {
        var flags = string.Equals(classification, "other", StringComparison.Ordinal) ? BulkSignals.ClassifiedOther : BulkSignals.None;
        if (!Json.IsList(headers, "internetMessageHeaders"))
        {
            return flags;
        }

        // A real message carries dozens of headers (Received chains, signatures): only the four that matter are read
        // as text; the others' values are checked for their type alone.
        foreach (var header in headers.EnumerateArray())
        {
            var name = Json.Text(header, "name", 128).AsSpan().Trim();
            var value = ReadOnlySpan<char>.Empty;
            if (name.Equals("precedence", StringComparison.OrdinalIgnoreCase) || name.Equals("auto-submitted", StringComparison.OrdinalIgnoreCase))
            {
                value = Json.Text(header, "value", 1024).AsSpan().Trim();
            }
            else
            {
                Json.CheckText(header, "value");
            }

            if (name.Equals("list-unsubscribe", StringComparison.OrdinalIgnoreCase))
            {
                flags |= BulkSignals.ListUnsubscribe;
            }
            else if (name.Equals("list-id", StringComparison.OrdinalIgnoreCase))
            {
                flags |= BulkSignals.ListId;
            }
            else if (name.Equals("precedence", StringComparison.OrdinalIgnoreCase) &&
                     (value.Equals("bulk", StringComparison.OrdinalIgnoreCase) || value.Equals("list", StringComparison.OrdinalIgnoreCase) || value.Equals("junk", StringComparison.OrdinalIgnoreCase)))
            {
                flags |= BulkSignals.PrecedenceBulk;
            }
            else if (name.Equals("auto-submitted", StringComparison.OrdinalIgnoreCase) && value.Length > 0 && !value.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                flags |= BulkSignals.AutoSubmitted;
            }
        }

        return flags;
    }
}
