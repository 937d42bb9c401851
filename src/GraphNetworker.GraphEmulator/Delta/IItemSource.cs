using System.Text.Json;
using System.Text.Json.Nodes;

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

/// <summary>
/// An item source held in memory as compact UTF-8 JSON (about a sixth of a parsed JsonObject's size); each
/// <see cref="Get"/> parses a fresh copy, so callers never share mutable nodes. Changed items live in the
/// collection's overlay, not here.
/// </summary>
internal sealed class ListItemSource : IItemSource
{
    private readonly (string Id, string ImmutableId, byte[] Json)[] _items;
    private readonly Dictionary<string, int> _index;

    public ListItemSource(IEnumerable<StoredItem> items)
    {
        _items = items.Select(i => (i.Id, i.ImmutableId, JsonSerializer.SerializeToUtf8Bytes(i.Data, Core.JsonExtensions.Compact))).ToArray();
        _index = new Dictionary<string, int>(_items.Length, StringComparer.Ordinal);
        for (var i = 0; i < _items.Length; i++)
        {
            _index.TryAdd(_items[i].Id, i);
            _index.TryAdd(_items[i].ImmutableId, i);
        }
    }

    public static ListItemSource Empty { get; } = new([]);

    public int Count => _items.Length;

    public StoredItem Get(int position)
    {
        var (id, immutableId, json) = _items[position];
        return new StoredItem(id, immutableId, (JsonObject)JsonNode.Parse(json)!);
    }

    public bool TryFind(string id, out int position) => _index.TryGetValue(id, out position);
}
