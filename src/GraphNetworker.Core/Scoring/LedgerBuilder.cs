using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// One pass over a mailbox's interactions: collapses repeats and copies, resolves every address to a person, skips the
/// owner, and records each person's contact (or why an item gave none) in their ledger. Linear in the input.
/// </summary>
internal sealed class LedgerBuilder(ContactWeighting weighting, IdentityResolver resolver, DateTimeOffset now)
{
    // Seen items as 64-bit fingerprints, not strings: a set of values keeps a million ids without holding them alive.
    // Two different ids collide with odds of about n²/2⁶⁵ (1 in 37 million for a million items).
    private readonly HashSet<ulong> _seen = [];
    private string?[] _normalized = new string?[16];
    private string?[] _keys = new string?[16];
    private readonly HashSet<string> _people = new(StringComparer.Ordinal);
    private readonly List<(ContactLedger Ledger, ContactWeight Weight, ParticipantRole Role)> _chosen = [];

    // The same few thousand spellings repeat across a mailbox: normalise each once, and judge each name once per address.
    private readonly Dictionary<string, string?> _addresses = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Raw, string Address), string?> _names = [];

    public Dictionary<string, ContactLedger> Ledgers { get; } = new(StringComparer.Ordinal);

    public IdentityResolver Resolver => resolver;

    public DateTimeOffset Now => now;

    /// <summary>The earliest item in the mailbox: where the data starts (the backfill window), not where relationships started.</summary>
    public DateTimeOffset? HistoryStart { get; private set; }

    public void Add(Interaction item)
    {
        var first = item.Kind != InteractionKind.Meeting && item.MessageKey is { } message
            ? _seen.Add((ulong)message ^ MessageTag)
            : _seen.Add(Fingerprint('i', item.ItemId));
        if (!first)
        {
            return;
        }

        HistoryStart = HistoryStart is null || item.OccurredAt < HistoryStart ? item.OccurredAt : HistoryStart;
        var participants = item.Participants;
        ParticipantRole? ownerRole = null;
        if (_normalized.Length < participants.Count)
        {
            _normalized = new string?[Math.Max(participants.Count, _normalized.Length * 2)];
            _keys = new string?[_normalized.Length];
        }

        var normalized = _normalized;
        var keys = _keys;
        _people.Clear();
        for (var i = 0; i < participants.Count; i++)
        {
            var participant = participants[i];
            var address = NormalizeAddress(participant.Address);
            normalized[i] = address;
            keys[i] = null;
            if (address is null)
            {
                continue;
            }

            if (resolver.IsOwner(address))
            {
                // The owner's strongest place on the item: To before Cc before Bcc (an alias on Cc and the primary on To is To).
                if (participant.Role is ParticipantRole.To or ParticipantRole.Cc or ParticipantRole.Bcc && (ownerRole is null || participant.Role < ownerRole.Value))
                {
                    ownerRole = participant.Role;
                }

                normalized[i] = null;
                continue;
            }

            keys[i] = resolver.KeyOf(address);
            if (!(item.Kind == InteractionKind.Meeting && participant.IsResource))
            {
                _people.Add(keys[i]!);
            }
        }

        // Other people on the item, counted once each after identity resolution (an alias and an X500 DN of one person
        // are one), plus those the item lists but we could not read or did not keep. Rooms do not dilute a meeting.
        var unlisted = Math.Max(0, item.ParticipantCount - participants.Count);
        var others = Math.Max(1, _people.Count + unlisted);

        // A person listed twice on one item (To and Cc, or two aliases) gets the stronger of the two, once.
        _chosen.Clear();
        for (var i = 0; i < participants.Count; i++)
        {
            if (normalized[i] is not { } address)
            {
                continue;
            }

            var participant = participants[i];
            var ledger = LedgerFor(keys[i]!);
            ledger.SeeAddress(address);
            ledger.SeeName(RealName(participant.DisplayName, address), item.OccurredAt);
            ledger.SeenAsResource |= participant.IsResource;

            var contact = participant.IsResource
                ? ContactWeight.None(ContactChannel.Meeting, IgnoredBecause.CoRecipient)
                : weighting.Weigh(item, participant, ownerRole, others, now);
            var existing = IndexOfChosen(ledger);
            if (existing < 0)
            {
                _chosen.Add((ledger, contact, participant.Role));
            }
            else if (Stronger(contact, _chosen[existing].Weight))
            {
                _chosen[existing] = (ledger, contact, participant.Role);
            }
        }

        foreach (var (ledger, weight, role) in _chosen)
        {
            ledger.Record(item, weight, writtenTo: item.Kind == InteractionKind.EmailSent && role == ParticipantRole.To);
        }
    }

    public void AddCompletedSuggestion(string personKey, DateTimeOffset at) => LedgerFor(personKey).RecordCompletedSuggestion(at);

    /// <summary>Keeps message keys apart from item fingerprints in the one set of seen items.</summary>
    private const ulong MessageTag = 0x6D65737361676521UL;

    /// <summary>A stable 64-bit FNV-1a hash of a kind-tagged id.</summary>
    private static ulong Fingerprint(char kind, string id)
    {
        var hash = 14695981039346656037UL ^ kind;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private int IndexOfChosen(ContactLedger ledger)
    {
        for (var i = 0; i < _chosen.Count; i++)
        {
            if (ReferenceEquals(_chosen[i].Ledger, ledger))
            {
                return i;
            }
        }

        return -1;
    }

    private string? NormalizeAddress(string raw)
    {
        if (!_addresses.TryGetValue(raw, out var normalized))
        {
            normalized = Addresses.Normalize(raw);
            _addresses[raw] = normalized;
        }

        return normalized;
    }

    private string? RealName(string? raw, string address)
    {
        if (raw is null)
        {
            return null;
        }

        if (!_names.TryGetValue((raw, address), out var name))
        {
            name = DisplayNames.RealName(raw, address);
            _names[(raw, address)] = name;
        }

        return name;
    }

    private ContactLedger LedgerFor(string key)
    {
        if (!Ledgers.TryGetValue(key, out var ledger))
        {
            ledger = new ContactLedger(key);
            ledger.SeeAddress(key);
            Ledgers[key] = ledger;
        }

        return ledger;
    }

    private static bool Stronger(ContactWeight candidate, ContactWeight current) =>
        candidate.Weight > current.Weight ||
        (candidate.Weight == current.Weight && candidate.Ignored < current.Ignored);
}
