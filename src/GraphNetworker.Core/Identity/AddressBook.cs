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

    // Keys are raw spellings and normalised addresses alike, and each maps to the number of its normalised form. A
    // normalised address is a key here only when normalising it again gives itself (nearly always); the rare one
    // that does not is kept apart, so a raw text that happens to look like it still maps to its own normal form.
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private Dictionary<string, int>? _unstable;
    private string[] _normalized = new string[64];

    // The previous raw text, compared by reference: the owner's own address object recurs on nearly every item.
    private string? _lastRaw;
    private int _lastNumber;

    public int Count { get; private set; }

    /// <summary>The normalised address behind a number.</summary>
    public string this[int number] => _normalized[number];

    /// <summary>The number of the address a raw spelling normalises to, or <see cref="NotAnAddress"/>.</summary>
    public int NumberOf(string raw)
    {
        if (ReferenceEquals(raw, _lastRaw))
        {
            return _lastNumber;
        }

        if (!_numbers.TryGetValue(raw, out var number))
        {
            number = Intern(raw);
        }

        _lastRaw = raw;
        _lastNumber = number;
        return number;
    }

    /// <summary>The number of an exact normalised address already in the book, or <see cref="NotAnAddress"/>.</summary>
    public int Find(string normalized)
    {
        if (_numbers.TryGetValue(normalized, out var number) && number >= 0 && string.Equals(_normalized[number], normalized, StringComparison.Ordinal))
        {
            return number;
        }

        return _unstable is not null && _unstable.TryGetValue(normalized, out number) ? number : NotAnAddress;
    }

    private int Intern(string raw)
    {
        var normalized = Addresses.Normalize(raw);
        var number = normalized is null ? NotAnAddress : Find(normalized);
        if (normalized is not null && number == NotAnAddress)
        {
            number = Count++;
            if (number == _normalized.Length)
            {
                Array.Resize(ref _normalized, number * 2);
            }

            _normalized[number] = normalized;
            if (ReferenceEquals(normalized, raw) || string.Equals(Addresses.Normalize(normalized), normalized, StringComparison.Ordinal))
            {
                _numbers[normalized] = number;
            }
            else
            {
                (_unstable ??= new(StringComparer.Ordinal))[normalized] = number;
            }
        }

        _numbers[raw] = number;
        return number;
    }
}
