namespace GraphNetworker.Core.Identity;

/// <summary>
/// Every spelling of an address seen in one mailbox, interned: each raw text is normalised once, and all spellings of
/// one address share one dense number and one normalised string. A mailbox repeats a few thousand spellings across a
/// million items, so after the first sight of each, an item's addresses cost one lookup apiece.
/// </summary>
internal sealed class AddressBook
{
    /// <summary>The number given to text that is not an address at all.</summary>
    public const int NotAnAddress = -1;

    // Keys are raw spellings and normalised addresses alike, and each maps to the number of its normalised form (with
    // the tag of that address, once seen through this spelling). A normalised address is a key here only when
    // normalising it again gives itself (nearly always); the rare one that does not is kept apart, so a raw text that
    // happens to look like it still maps to its own normal form.
    private readonly Dictionary<string, Spelling> _numbers = new(StringComparer.Ordinal);
    private Dictionary<string, int>? _unstable;
    private string[] _normalized = new string[64];
    private int[] _tags = new int[64];

    // The previous raw text, compared by reference: the owner's own address object recurs on nearly every item.
    private string? _lastRaw;
    private Spelling _last;

    public int Count { get; private set; }

    /// <summary>The normalised address behind a number.</summary>
    public string this[int number] => _normalized[number];

    /// <summary>The number of the address a raw spelling normalises to, or <see cref="NotAnAddress"/>.</summary>
    public int NumberOf(string raw) => NumberOf(raw, out _);

    /// <summary>
    /// The same, with the tag attached to the address (zero when none): the spelling keeps a copy of it, so the item
    /// after the first finds both in one lookup.
    /// </summary>
    public int NumberOf(string raw, out int tag)
    {
        if (ReferenceEquals(raw, _lastRaw) && _last.Tag != 0)
        {
            tag = _last.Tag;
            return _last.Number;
        }

        if (!_numbers.TryGetValue(raw, out var spelling))
        {
            spelling = new Spelling(Intern(raw), 0);
        }

        if (spelling.Tag == 0 && spelling.Number >= 0 && _tags[spelling.Number] != 0)
        {
            spelling = spelling with { Tag = _tags[spelling.Number] };
            _numbers[raw] = spelling;
        }

        (_lastRaw, _last, tag) = (raw, spelling, spelling.Tag);
        return spelling.Number;
    }

    /// <summary>Attaches a tag (any number but zero) to an address, for all its spellings.</summary>
    public void Tag(int number, int tag) => _tags[number] = tag;

    /// <summary>The number of an exact normalised address already in the book, or <see cref="NotAnAddress"/>.</summary>
    public int Find(string normalized)
    {
        if (_numbers.TryGetValue(normalized, out var spelling) && spelling.Number >= 0 &&
            string.Equals(_normalized[spelling.Number], normalized, StringComparison.Ordinal))
        {
            return spelling.Number;
        }

        return _unstable is not null && _unstable.TryGetValue(normalized, out var number) ? number : NotAnAddress;
    }

    private int Intern(string caller)
    {
        // The book keeps its own copy of each spelling it learns. Every later sighting of the spelling is compared with
        // it: the copies lie together, where the caller's strings lie wherever their items do, across the whole heap.
        var raw = new string(caller.AsSpan());
        var normalized = Addresses.Normalize(raw);
        var number = normalized is null ? NotAnAddress : Find(normalized);
        if (normalized is not null && number == NotAnAddress)
        {
            number = Count++;
            if (number == _normalized.Length)
            {
                Array.Resize(ref _normalized, number * 2);
                Array.Resize(ref _tags, number * 2);
            }

            _normalized[number] = normalized;
            if (ReferenceEquals(normalized, raw) || string.Equals(Addresses.Normalize(normalized), normalized, StringComparison.Ordinal))
            {
                _numbers[normalized] = new Spelling(number, 0);
            }
            else
            {
                (_unstable ??= new(StringComparer.Ordinal))[normalized] = number;
            }
        }

        _numbers[raw] = new Spelling(number, 0);
        return number;
    }

    private readonly record struct Spelling(int Number, int Tag);
}
