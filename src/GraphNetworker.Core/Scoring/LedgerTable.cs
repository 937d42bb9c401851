using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;

namespace GraphNetworker.Core.Scoring;

/// <summary>
/// Every person's ledger in one mailbox, by dense person number: values in pages of 1,024 that are added as the
/// mailbox needs them and never copied. A person is found by their key through the address book (the key is nearly
/// always an address it already holds), so no second table of strings is kept.
/// </summary>
internal sealed class LedgerTable(AddressBook addresses)
{
    private const int PageShift = 10;
    private const int PageSize = 1 << PageShift;

    private readonly List<ContactLedger[]> _pages = [];

    // The person whose key is the address with this number, plus one (zero: nobody's key).
    private int[] _byKeyAddress = new int[256];

    // Keys that are no normalised address (a suggestion's person key as stored, say): rare.
    private readonly Dictionary<string, int> _otherKeys = new(StringComparer.Ordinal);

    /// <summary>People numbered so far, merged ones included.</summary>
    public int Count { get; private set; }

    /// <summary>The texts of everyone's latest contacts, which the ledgers keep only the place of.</summary>
    public ContactTexts Texts { get; } = new();

    public ref ContactLedger this[int person] => ref _pages[person >> PageShift][person & (PageSize - 1)];

    /// <summary>The person with this key, a new one (with the key as their first address) when there is none yet.</summary>
    public int PersonFor(string key)
    {
        var number = KeyNumber(key);
        var person = Find(key, number);
        if (person >= 0)
        {
            return person;
        }

        person = Count++;
        if ((person & (PageSize - 1)) == 0)
        {
            _pages.Add(new ContactLedger[PageSize]);
        }

        this[person] = new ContactLedger { Key = key, KeyAddress = number };
        if (number >= 0)
        {
            _byKeyAddress[number] = person + 1;
        }
        else
        {
            _otherKeys[key] = person;
        }

        return person;
    }

    /// <summary>The person with this key, when there is one and they were not merged into another.</summary>
    public bool TryFind(string key, out int person)
    {
        person = Find(key, KeyNumber(key));
        return person >= 0;
    }

    /// <summary>Forgets a key: the person was merged into another and is no longer found by it.</summary>
    public void Remove(string key)
    {
        var number = KeyNumber(key);
        if (number >= 0)
        {
            _byKeyAddress[number] = 0;
        }
        else
        {
            _otherKeys.Remove(key);
        }
    }

    private int Find(string key, int number) =>
        number >= 0 ? _byKeyAddress[number] - 1 : _otherKeys.GetValueOrDefault(key, -1);

    /// <summary>The key's address number when the key is exactly a normalised address in the book, else <see cref="AddressBook.NotAnAddress"/>.</summary>
    private int KeyNumber(string key)
    {
        var number = addresses.NumberOf(key);
        if (number < 0 || !string.Equals(addresses[number], key, StringComparison.Ordinal))
        {
            return AddressBook.NotAnAddress;
        }

        if (number >= _byKeyAddress.Length)
        {
            Array.Resize(ref _byKeyAddress, Math.Max(number + 1, _byKeyAddress.Length * 2));
        }

        return number;
    }
}
