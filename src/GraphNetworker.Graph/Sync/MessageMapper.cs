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
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out _)
        && !item.TryGetProperty("receivedDateTime", out _) && !item.TryGetProperty("sentDateTime", out _)
        && !item.TryGetProperty("from", out _) && !item.TryGetProperty("sender", out _) && !item.TryGetProperty("toRecipients", out _);

    /// <summary>Whether a partial update changes a property this mapper reads (a read-state or flag change does not).</summary>
    public static bool ChangesWhatIsRead(JsonElement item) =>
        item.EnumerateObject().Any(p => p.Name is not ("id" or "parentFolderId" or "changeKey") && !p.Name.StartsWith('@') && Select.Contains(p.Name, StringComparer.Ordinal));

    /// <summary>Null for an item that is simply not contact (a draft); throws <see cref="MalformedItemException"/> for one that cannot be read.</summary>
    public Interaction? Map(JsonElement item, bool isSentFolder, MailboxContext mailbox)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedItemException($"an item that is {item.ValueKind}, not an object");
        }

        var id = Json.Text(item, "id", 1024);
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new MalformedItemException("missing id");
        }

        if (id.Length > 512)
        {
            throw new MalformedItemException("id longer than 512 characters");
        }

        if (Json.Flag(item, "isDraft"))
        {
            return null;
        }

        var classification = Json.OneOf(item, "inferenceClassification", "focused", "other");
        var from = Recipient(Json.Object(item, "from")) ?? Recipient(Json.Object(item, "sender"));
        var sent = isSentFolder || mailbox.IsOwner(from?.Address);
        var when = (sent ? Json.Time(item, "sentDateTime") ?? Json.Time(item, "receivedDateTime") : Json.Time(item, "receivedDateTime") ?? Json.Time(item, "sentDateTime"))
            ?? throw new MalformedItemException("no sent or received time");

        var recipients = new List<Participant>();
        var total = 0;
        AddRecipients(recipients, ref total, Json.Array(item, "toRecipients"), ParticipantRole.To);
        AddRecipients(recipients, ref total, Json.Array(item, "ccRecipients"), ParticipantRole.Cc);
        AddRecipients(recipients, ref total, Json.Array(item, "bccRecipients"), ParticipantRole.Bcc);

        if (!sent && from is null)
        {
            throw new MalformedItemException(IsOverLong(Json.Object(item, "from")) || IsOverLong(Json.Object(item, "sender"))
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
        participants.AddRange(recipients.Where(r => mailbox.IsOwner(r.Address)).Take(1));
        participants.AddRange(recipients.Where(r => !mailbox.IsOwner(r.Address)).Take(options.MaxStoredParticipants - participants.Count));

        return new Interaction
        {
            ItemId = id,
            Kind = sent ? InteractionKind.EmailSent : InteractionKind.EmailReceived,
            OccurredAt = when.ToUniversalTime(),
            ParticipantCount = total + 1,
            Participants = participants,
            InternetMessageId = Json.Text(item, "internetMessageId", 998),
            Subject = options.StoreSubjects ? Json.Text(item, "subject", 255) : null,
            WebLink = Json.Text(item, "webLink", 2048),
            Bulk = BulkOf(item, classification),
        };
    }

    private static void AddRecipients(List<Participant> into, ref int total, IEnumerable<JsonElement> recipients, ParticipantRole role)
    {
        foreach (var recipient in recipients)
        {
            total++;
            if (Recipient(recipient) is { } r && Addresses.Normalize(r.Address) is not null)
            {
                into.Add(new Participant(r.Address, r.Name, role));
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

    private static BulkSignals BulkOf(JsonElement item, string? classification)
    {
        var flags = string.Equals(classification, "other", StringComparison.Ordinal) ? BulkSignals.ClassifiedOther : BulkSignals.None;
        foreach (var header in Json.Array(item, "internetMessageHeaders"))
        {
            var name = Json.Text(header, "name", 128)?.Trim();
            var value = Json.Text(header, "value", 1024)?.Trim() ?? string.Empty;
            flags |= name?.ToLowerInvariant() switch
            {
                "list-unsubscribe" => BulkSignals.ListUnsubscribe,
                "list-id" => BulkSignals.ListId,
                "precedence" when value.ToLowerInvariant() is "bulk" or "list" or "junk" => BulkSignals.PrecedenceBulk,
                "auto-submitted" when value.Length > 0 && !value.Equals("no", StringComparison.OrdinalIgnoreCase) => BulkSignals.AutoSubmitted,
                _ => BulkSignals.None,
            };
        }

        return flags;
    }
}
