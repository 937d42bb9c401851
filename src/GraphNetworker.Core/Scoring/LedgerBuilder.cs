using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// One pass over a mailbox's interactions: collapses repeats and copies, resolves every address to a person, skips the
/// owner, and records each person's contact (or why an item gave none) in their ledger. Linear in the input, and
/// after the first sight of each address an item costs a few array updates: no strings made, no objects per item.
/// </summary>
internal sealed class LedgerBuilder(ContactWeighting weighting, IdentityResolver resolver, DateTimeOffset now, int expectedItems = 0)
{
    private const int NoPerson = -2;
    private const int Owner = -1;

    private readonly SeenItems _seen = new(expectedItems);

    // Per item: each participant's address number and person, and the people chosen for the item (reused).
    private int[] _addressAt = new int[16];
    private int[] _personAt = new int[16];
    private readonly List<int> _counted = [];
    private readonly HashSet<int> _countedMany = [];
    private readonly List<(int Person, ContactWeight Weight, ParticipantRole Role)> _chosen = [];

    public AddressBook Addresses { get; } = new();

    public LedgerTable Ledgers => _ledgers ??= new LedgerTable(Addresses);

    public ContactEventStore Events { get; } = new();

    public IdentityResolver Resolver => resolver;

    public DateTimeOffset Now => now;

    /// <summary>The earliest item in the mailbox: where the data starts (the backfill window), not where relationships started.</summary>
    public DateTimeOffset? HistoryStart { get; private set; }

    private LedgerTable? _ledgers;

    /// <summary>Keeps message keys apart from item fingerprints in the one set of seen items.</summary>
    private const ulong MessageTag = 0x6D65737361676521UL;

    // Items wait in batches: the table slots a batch needs (its items' fingerprints in the seen items, its participants'
    // spellings in the address book) are loaded one after another before any is used, so their cache misses overlap
    // instead of each stalling the pass in turn. The items are then counted in the order they came.
    private const int BatchSize = 64;
    private readonly Interaction[] _batch = new Interaction[BatchSize];
    private readonly ulong[] _itemPrints = new ulong[BatchSize];
    private ulong[] _addressPrints = new ulong[BatchSize * 4];
    private int _batched;

    public void Add(Interaction item)
    {
        _batch[_batched++] = item;
        if (_batched == BatchSize)
        {
            AddBatch();
        }
    }

    /// <summary>Counts the items still waiting in the last batch: call once every item is added, before reading anything.</summary>
    public void Complete()
    {
        if (_batched > 0)
        {
            AddBatch();
        }
    }

    private void AddBatch()
    {
        var items = _batch.AsSpan(0, _batched);
        var prints = _itemPrints.AsSpan(0, items.Length);
        var participants = 0;
        for (var i = 0; i < items.Length; i++)
        {
            // Copies of one message (its key, from the Internet Message-ID) and replays of one item count once.
            var item = items[i];
            prints[i] = item.Kind != InteractionKind.Meeting && item.MessageKey is { } message
                ? (ulong)message ^ MessageTag
                : SeenItems.Fingerprint('i', item.ItemId);
            participants += item.Participants.Count;
        }

        _seen.Load(prints);
        if (_addressPrints.Length < participants)
        {
            _addressPrints = new ulong[Math.Max(participants, _addressPrints.Length * 2)];
        }

        var at = 0;
        foreach (var item in items)
        {
            // By index: a foreach over the interface would box an enumerator per item.
            var list = item.Participants;
            for (var p = 0; p < list.Count; p++)
            {
                _addressPrints[at++] = Addresses.Fingerprint(list[p].Address);
            }
        }

        Addresses.Load(_addressPrints.AsSpan(0, participants));
        at = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (_seen.Add(prints[i]))
            {
                AddItem(item, _addressPrints.AsSpan(at, item.Participants.Count));
            }

            at += item.Participants.Count;
        }

        items.Clear();
        _batched = 0;
    }

    private void AddItem(Interaction item, ReadOnlySpan<ulong> addressPrints)
    {
        HistoryStart = HistoryStart is null || item.OccurredAt < HistoryStart ? item.OccurredAt : HistoryStart;
        var participants = item.Participants;
        if (_personAt.Length < participants.Count)
        {
            _personAt = new int[Math.Max(participants.Count, _personAt.Length * 2)];
            _addressAt = new int[_personAt.Length];
        }

        var ownerRole = Resolve(item, participants, addressPrints);

        // Other people on the item, counted once each after identity resolution (an alias and an X500 DN of one person
        // are one), plus those the item lists but we could not read or did not keep. Rooms do not dilute a meeting.
        var unlisted = Math.Max(0, item.ParticipantCount - participants.Count);
        var others = Math.Max(1, _counted.Count + _countedMany.Count + unlisted);

        // A person listed twice on one item (To and Cc, or two aliases) gets the stronger of the two, once.
        _chosen.Clear();
        var ticks = item.OccurredAt.UtcTicks;
        for (var i = 0; i < participants.Count; i++)
        {
            var person = _personAt[i];
            if (person == NoPerson)
            {
                continue;
            }

            var participant = participants[i];
            ref var ledger = ref Ledgers[person];
            ledger.SeeAddress(Addresses[_addressAt[i]], _addressAt[i]);
            if (participant.DisplayName is { } name)
            {
                ledger.SeeName(name, Addresses.Fingerprint(name), _addressAt[i], ticks);
            }

            if (participant.IsResource)
            {
                ledger.Flags |= LedgerFlags.SeenAsResource;
            }

            var contact = participant.IsResource
                ? ContactWeight.None(ContactChannel.Meeting, IgnoredBecause.CoRecipient)
                : weighting.Weigh(item, participant, ownerRole, others, now);
            var existing = IndexOfChosen(person);
            if (existing < 0)
            {
                _chosen.Add((person, contact, participant.Role));
            }
            else if (Stronger(contact, _chosen[existing].Weight))
            {
                _chosen[existing] = (person, contact, participant.Role);
            }
        }

        foreach (var (person, weight, role) in _chosen)
        {
            Ledgers[person].Record(item, weight, writtenTo: item.Kind == InteractionKind.EmailSent && role == ParticipantRole.To, Events);
        }
    }

    public void AddCompletedSuggestion(string personKey, DateTimeOffset at) =>
        Ledgers[Ledgers.PersonFor(personKey)].RecordCompletedSuggestion(at, Events);

    /// <summary>
    /// Finds each participant's person (noting the owner's strongest place on the item instead) and counts the other
    /// people on it, each once.
    /// </summary>
    private ParticipantRole? Resolve(Interaction item, IReadOnlyList<Participant> participants, ReadOnlySpan<ulong> addressPrints)
    {
        ParticipantRole? ownerRole = null;
        _counted.Clear();
        _countedMany.Clear();
        for (var i = 0; i < participants.Count; i++)
        {
            var participant = participants[i];
            // Each address is tagged with whom it resolves to (plus two: one is the owner), the first time it is used.
            var number = Addresses.NumberOf(participant.Address, addressPrints[i], out var tag);
            var person = number == AddressBook.NotAnAddress ? NoPerson : tag != 0 ? tag - 2 : PersonOf(number);
            _personAt[i] = person;
            _addressAt[i] = number;
            if (person == Owner)
            {
                // The owner's strongest place on the item: To before Cc before Bcc (an alias on Cc and the primary on To is To).
                if (participant.Role is ParticipantRole.To or ParticipantRole.Cc or ParticipantRole.Bcc && (ownerRole is null || participant.Role < ownerRole.Value))
                {
                    ownerRole = participant.Role;
                }

                _personAt[i] = NoPerson;
            }
            else if (person != NoPerson && !(item.Kind == InteractionKind.Meeting && participant.IsResource))
            {
                Count(person);
            }
        }

        return ownerRole;
    }

    /// <summary>Counts a person once per item: a short list for the usual handful, a set for a crowd.</summary>
    private void Count(int person)
    {
        if (_counted.Count < 32)
        {
            if (!_counted.Contains(person) && !_countedMany.Contains(person))
            {
                _counted.Add(person);
            }
        }
        else if (!_counted.Contains(person))
        {
            _countedMany.Add(person);
        }
    }

    /// <summary>The person an address belongs to, or <see cref="Owner"/>, worked out on its first sight and tagged onto it.</summary>
    private int PersonOf(int number)
    {
        var address = Addresses[number];
        var person = resolver.IsOwner(address) ? Owner : Ledgers.PersonFor(resolver.KeyOf(address));
        Addresses.Tag(number, person + 2);
        return person;
    }

    private int IndexOfChosen(int person)
    {
        for (var i = 0; i < _chosen.Count; i++)
        {
            if (_chosen[i].Person == person)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Stronger(ContactWeight candidate, ContactWeight current) =>
        candidate.Weight > current.Weight ||
        (candidate.Weight == current.Weight && candidate.Ignored < current.Ignored);
}
