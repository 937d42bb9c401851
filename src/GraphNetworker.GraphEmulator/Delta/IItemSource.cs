namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>
/// The items a collection starts with, addressed by position. A snapshot or the small synthetic tenant
/// keeps them in a list; a benchmark tenant generates item <c>i</c> on demand from (seed, mailbox, i), so
/// memory follows what is read, not the tenant's size.
/// </summary>
internal interface IItemSource
{
    int Count { get; }

    StoredItem Get(int position);

    bool TryFind(string id, out int position);
}

/// <summary>An item source held in memory.</summary>
internal sealed class ListItemSource : IItemSource
{
    private readonly List<StoredItem> _items;
    private readonly Dictionary<string, int> _index;

    public ListItemSource(IEnumerable<StoredItem> items)
    {
        _items = items.ToList();
        _index = new Dictionary<string, int>(_items.Count, StringComparer.Ordinal);
        for (var i = 0; i < _items.Count; i++)
        {
            _index.TryAdd(_items[i].Id, i);
            _index.TryAdd(_items[i].ImmutableId, i);
        }
    }

    public static ListItemSource Empty { get; } = new([]);

    public int Count => _items.Count;

    public StoredItem Get(int position) => _items[position];

    public bool TryFind(string id, out int position) => _index.TryGetValue(id, out position);
}
