namespace GraphNetworker.Store.Items;

/// <summary>
/// One mailbox's correspondents, numbered: each distinct address and name the mailbox's items carry, kept once. Items
/// refer to them by number. New ones are numbered on from the highest and written with the page that first carries
/// them; until that page commits they are pending (a page that fails forgets them, so its retry numbers them again).
/// </summary>
internal sealed class CorrespondentBook
{
    private readonly Dictionary<(string Address, string? Name), int> _numbers = [];
    private readonly List<Correspondent?> _byNumber = [null];
    private readonly List<(int Number, Correspondent Who)> _pending = [];

    /// <summary>The correspondents numbered since the last commit, to be written with the page.</summary>
    public IReadOnlyList<(int Number, Correspondent Who)> Pending => _pending;

    /// <summary>Adds a correspondent read back from the table.</summary>
    public void Load(int number, string address, string? name)
    {
        while (_byNumber.Count <= number)
        {
            _byNumber.Add(null);
        }

        var who = new Correspondent(address, name);
        _byNumber[number] = who;
        _numbers[(address, name)] = number;
    }

    /// <summary>The longest name a correspondent keeps.</summary>
    private const int MaxName = 256;

    /// <summary>The number of the correspondent with this address and name (its name cut to <see cref="MaxName"/>), numbered now if new.</summary>
    public int NumberOf(string address, string? name)
    {
        name = name is { Length: > MaxName } ? name[..MaxName] : name;
        if (_numbers.TryGetValue((address, name), out var number))
        {
            return number;
        }

        number = _byNumber.Count;
        var who = new Correspondent(address, name);
        _byNumber.Add(who);
        _numbers[(address, name)] = number;
        _pending.Add((number, who));
        return number;
    }

    public Correspondent this[int number] =>
        number > 0 && number < _byNumber.Count && _byNumber[number] is { } who
            ? who
            : throw new InvalidDataException($"An item refers to correspondent {number}, which this mailbox does not have.");

    /// <summary>The pending correspondents are in the table now.</summary>
    public void Committed() => _pending.Clear();

    /// <summary>The page that numbered the pending correspondents did not commit: forget them.</summary>
    public void RolledBack()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        foreach (var (_, who) in _pending)
        {
            _numbers.Remove((who.Address, who.Name));
        }

        _byNumber.RemoveRange(_pending[0].Number, _byNumber.Count - _pending[0].Number);
        _pending.Clear();
    }
}
