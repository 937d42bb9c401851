using System.Runtime.CompilerServices;
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

    // Per item: the people counted on it and the people chosen for it (reused).
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

    // Items wait in batches, and each batch is counted in stages: the table slots it needs (its items' fingerprints in
    // the seen items, its participants' spellings in the address book, then their people's ledgers and last event
    // blocks) are loaded one after another before any is used, so their cache misses overlap instead of each stalling
    // the pass in turn. Items are resolved and recorded in the order they came, so the outcome is the same.
    private const int BatchSize = 64;
    private readonly Interaction[] _batch = new Interaction[BatchSize];
    private readonly ulong[] _itemPrints = new ulong[BatchSize];
    private readonly ItemPlace[] _places = new ItemPlace[BatchSize];
    private ulong[] _addressPrints = new ulong[BatchSize * 4];
    private int[] _addressAt = new int[BatchSize * 4];
    private int[] _personAt = new int[BatchSize * 4];
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

        Addresses.ForgetCorrespondents();
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
            var length = Math.Max(participants, _addressPrints.Length * 2);
            (_addressPrints, _addressAt, _personAt) = (new ulong[length], new int[length], new int[length]);
        }

        var at = 0;
        foreach (var item in items)
        {
            // By index: a foreach over the interface would box an enumerator per item.
            // A correspondent seen before is known by its number: its address's text is not read again.
            var list = item.Participants;
            for (var p = 0; p < list.Count; p++)
            {
                var participant = list[p];
                _addressPrints[at++] = Addresses.Knows(participant.Correspondent) ? 0 : Addresses.Fingerprint(participant.Address);
            }
        }

        Addresses.Load(_addressPrints.AsSpan(0, participants));

        // Resolve every new item's participants to people, then load those people's ledgers and where their next
        // events go, then count each item.
        at = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var count = item.Participants.Count;
            if (_seen.Add(prints[i]))
            {
                _places[i] = Resolve(item, at, count);
            }
            else
            {
                _places[i] = new ItemPlace(at, count, Kept: false, OwnerRole: null, Others: 0);
                _personAt.AsSpan(at, count).Fill(NoPerson);
            }

            at += count;
        }

        LoadLedgers(_personAt.AsSpan(0, participants));
        for (var i = 0; i < items.Length; i++)
        {
            if (_places[i].Kept)
            {
                AddItem(items[i], _places[i]);
            }
        }

        items.Clear();
        _batched = 0;
    }

    /// <summary>Where an item's participants lie in the batch's arrays, and what resolving them found.</summary>
    private readonly record struct ItemPlace(int Start, int Count, bool Kept, ParticipantRole? OwnerRole, int Others);

    /// <summary>Loads the ledgers of these people and the blocks their next events go to (see <see cref="AddressBook.Load"/>).</summary>
    private void LoadLedgers(ReadOnlySpan<int> people)
    {
        // A ledger spans a few cache lines and an item reads most of them: one byte of each line is read, so that all
        // the lines of all the batch's ledgers are on their way at once.
        var sink = 0;
        foreach (var person in people)
        {
            if (person >= 0)
            {
                ref var ledger = ref Unsafe.As<ContactLedger, byte>(ref Ledgers[person]);
                for (var line = 0; line < LedgerBytes; line += CacheLine)
                {
                    sink += Unsafe.Add(ref ledger, line);
                }

                sink += Unsafe.Add(ref ledger, LedgerBytes - 1);
            }
        }

        foreach (var person in people)
        {
            if (person >= 0)
            {
                sink += Events.Load(Ledgers[person].Events);
            }
        }

        _loaded = sink;
    }

    private int _loaded;

    private const int CacheLine = 64;
    private static readonly int LedgerBytes = Unsafe.SizeOf<ContactLedger>();

    private void AddItem(Interaction item, ItemPlace place)
    {
        HistoryStart = HistoryStart is null || item.OccurredAt < HistoryStart ? item.OccurredAt : HistoryStart;
        var participants = item.Participants;
        var personAt = _personAt.AsSpan(place.Start, place.Count);
        var addressAt = _addressAt.AsSpan(place.Start, place.Count);

        // A person listed twice on one item (To and Cc, or two aliases) gets the stronger of the two, once.
        _chosen.Clear();
        var ticks = item.OccurredAt.UtcTicks;
        for (var i = 0; i < participants.Count; i++)
        {
            var person = personAt[i];
            if (person == NoPerson)
            {
                continue;
            }

            var participant = participants[i];
            ref var ledger = ref Ledgers[person];
            if (addressAt[i] != ledger.KeyAddress)
            {
                // Not the person's key: another of their addresses (the text is read only then).
                ledger.SeeAddress(Addresses[addressAt[i]], addressAt[i]);
            }

            if (participant.DisplayName is { } name)
            {
                ledger.SeeName(name, Addresses.NameFingerprint(name, participant.Correspondent), addressAt[i], ticks, Addresses);
            }

            if (participant.IsResource)
            {
                ledger.Flags |= LedgerFlags.SeenAsResource;
            }

            var contact = participant.IsResource
                ? ContactWeight.None(ContactChannel.Meeting, IgnoredBecause.CoRecipient)
                : weighting.Weigh(item, participant, place.OwnerRole, place.Others, now);
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
            Ledgers[person].Record(item, weight, writtenTo: item.Kind == InteractionKind.EmailSent && role == ParticipantRole.To, Events, Ledgers.Texts);
        }
    }

    public void AddCompletedSuggestion(string personKey, DateTimeOffset at) =>
        Ledgers[Ledgers.PersonFor(personKey)].RecordCompletedSuggestion(at, Events);

    /// <summary>
    /// Finds each participant's person (noting the owner's strongest place on the item instead) and counts the other
    /// people on it, each once: the participants' numbers and people go to the batch's arrays from <paramref name="start"/>.
    /// </summary>
    private ItemPlace Resolve(Interaction item, int start, int count)
    {
        ParticipantRole? ownerRole = null;
        var participants = item.Participants;
        _counted.Clear();
        _countedMany.Clear();
        for (var i = 0; i < count; i++)
        {
            var participant = participants[i];
            // Each address is tagged with whom it resolves to (plus two: one is the owner), the first time it is used.
            var number = Addresses.NumberOf(participant.Address, participant.Correspondent, _addressPrints[start + i], out var tag);
            var person = number == AddressBook.NotAnAddress ? NoPerson : tag != 0 ? tag - 2 : PersonOf(number);
            _addressAt[start + i] = number;
            if (person == Owner)
            {
                // The owner's strongest place on the item: To before Cc before Bcc (an alias on Cc and the primary on To is To).
                if (participant.Role is ParticipantRole.To or ParticipantRole.Cc or ParticipantRole.Bcc && (ownerRole is null || participant.Role < ownerRole.Value))
                {
                    ownerRole = participant.Role;
                }

                person = NoPerson;
            }
            else if (person != NoPerson && !(item.Kind == InteractionKind.Meeting && participant.IsResource))
            {
                Count(person);
            }

            _personAt[start + i] = person;
        }

        // Other people on the item, counted once each after identity resolution (an alias and an X500 DN of one person
        // are one), plus those the item lists but we could not read or did not keep. Rooms do not dilute a meeting.
        var unlisted = Math.Max(0, item.ParticipantCount - count);
        var others = Math.Max(1, _counted.Count + _countedMany.Count + unlisted);
        return new ItemPlace(start, count, Kept: true, ownerRole, others);
    }

    /// <summary>Counts a person once per item: a short list for the usual handful, a set for a crowd.</summary>
    private void Count(int person)
    {
        if (_counted.Count < 32)
        {
            if (!_counted.Contains(person) && (_countedMany.Count == 0 || !_countedMany.Contains(person)))
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
