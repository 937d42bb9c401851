namespace GraphNetworker.GraphEmulator.Delta;

/// <summary>
/// A delta-trackable collection (a mail folder, a calendar, a To Do list). Items sit at stable positions:
/// the base items at <c>0..BaseCount-1</c>, items added later after them, so a skip token can be a plain
/// position even while items come and go. Every change gets a tenant-wide version and a log record, and a
/// delta round replays the log after the token's version. Callers hold the owning mailbox's lock.
/// </summary>
internal sealed class ItemCollection
{
    private readonly IItemSource _base;
    private readonly Dictionary<int, Slot> _overrides = [];
    private readonly List<Slot> _added = [];
    private readonly Dictionary<string, int> _addedIndex = new(StringComparer.Ordinal);
    private readonly List<(long Version, int Position)> _log = [];
    private readonly Dictionary<long, int[]> _orderedViews = [];
    private readonly Dictionary<string, (long Version, int Value)> _counts = new(StringComparer.Ordinal);
    private int _removedBase;
    private int _removedAdded;

    public ItemCollection(string key, IItemSource baseItems)
    {
        Key = key;
        _base = baseItems;
    }

    /// <summary>Identifies the collection inside delta tokens (mailbox id + collection id).</summary>
    public string Key { get; }

    /// <summary>Bumped to invalidate every outstanding delta token of this collection.</summary>
    public long Generation { get; set; }

    /// <summary>Positions ever used: base items plus added items (removed ones keep their position).</summary>
    public int PositionCount => _base.Count + _added.Count;

    public int Count => PositionCount - _removedBase - _removedAdded;

    public long LatestVersion => _log.Count == 0 ? 0 : _log[^1].Version;

    /// <summary>The live item at a position, or null when it was removed.</summary>
    public StoredItem? GetAt(int position)
    {
        if (position < _base.Count)
        {
            return _overrides.TryGetValue(position, out var slot) ? slot.Item : _base.Get(position);
        }

        return _added[position - _base.Count].Item;
    }

    public Slot? SlotAt(int position)
    {
        if (position < _base.Count)
        {
            return _overrides.TryGetValue(position, out var slot) ? slot : null;
        }

        return _added[position - _base.Count];
    }

    public bool TryFind(string id, out StoredItem item, out int position)
    {
        item = null!;
        if (_addedIndex.TryGetValue(id, out position) || _base.TryFind(id, out position))
        {
            var found = GetAt(position);
            if (found is not null && (found.Id == id || found.ImmutableId == id))
            {
                item = found;
                return true;
            }
        }

        position = -1;
        return false;
    }

    public IEnumerable<(int Position, StoredItem Item)> LiveItems()
    {
        for (var p = 0; p < PositionCount; p++)
        {
            var item = GetAt(p);
            if (item is not null)
            {
                yield return (p, item);
            }
        }
    }

    public int Add(StoredItem item, long version)
    {
        var position = PositionCount;
        _added.Add(new Slot { Item = item, Version = version, CreatedVersion = version });
        _addedIndex[item.Id] = position;
        _addedIndex[item.ImmutableId] = position;
        _log.Add((version, position));
        return position;
    }

    public void Replace(int position, StoredItem item, long version)
    {
        var slot = GetOrCreateSlot(position);
        if (slot.Item is { } old)
        {
            slot.RecordChanges(old.Data, item.Data, version);
        }

        slot.Previous = slot.Item;
        slot.Item = item;
        slot.Version = version;
        _log.Add((version, position));
    }

    public void Remove(int position, long version)
    {
        var slot = GetOrCreateSlot(position);
        if (slot.Item is null)
        {
            return;
        }

        slot.Previous = slot.Item;
        slot.Tombstone = slot.Item;
        slot.Item = null;
        slot.Version = version;
        _log.Add((version, position));
        if (position < _base.Count)
        {
            _removedBase++;
        }
        else
        {
            _removedAdded++;
        }
    }

    /// <summary>Positions changed after <paramref name="sinceVersion"/>, in version order, each once (its latest change).</summary>
    public IEnumerable<(long Version, int Position)> ChangesSince(long sinceVersion)
    {
        var start = FirstLogIndexAfter(sinceVersion);
        for (var i = start; i < _log.Count; i++)
        {
            var (version, position) = _log[i];
            var slot = SlotAt(position);
            if (slot is not null && slot.Version == version)
            {
                yield return (version, position);
            }
        }
    }

    /// <summary>
    /// A sorted view of the positions, computed once per round so that paging an ordered round is stable
    /// while items change (removed positions are skipped, never shift the others).
    /// </summary>
    public int[] OrderedView(long roundVersion, Func<int[]> build)
    {
        if (!_orderedViews.TryGetValue(roundVersion, out var view))
        {
            if (_orderedViews.Count >= 4)
            {
                _orderedViews.Remove(_orderedViews.Keys.Min());
            }

            view = build();
            _orderedViews[roundVersion] = view;
        }

        return view;
    }

    /// <summary>A derived count (e.g. unread items), recomputed only after the collection changed.</summary>
    public int CachedCount(string name, Func<ItemCollection, int> compute)
    {
        var version = LatestVersion;
        if (!_counts.TryGetValue(name, out var cached) || cached.Version != version)
        {
            cached = (version, compute(this));
            _counts[name] = cached;
        }

        return cached.Value;
    }

    private int FirstLogIndexAfter(long version)
    {
        int lo = 0, hi = _log.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_log[mid].Version <= version)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private Slot GetOrCreateSlot(int position)
    {
        if (position >= _base.Count)
        {
            return _added[position - _base.Count];
        }

        if (!_overrides.TryGetValue(position, out var slot))
        {
            slot = new Slot { Item = _base.Get(position), Version = 0, CreatedVersion = 0 };
            _overrides[position] = slot;
        }

        return slot;
    }

    /// <summary>The change state of one position: the live item, or the tombstone of a removed one.</summary>
    internal sealed class Slot
    {
        /// <summary>Property name → the version that last changed it (partial delta items name only these).</summary>
        private Dictionary<string, long>? _changed;

        public StoredItem? Item { get; set; }

        /// <summary>The state before the latest change (lets calendar delta report occurrences that vanished).</summary>
        public StoredItem? Previous { get; set; }

        public StoredItem? Tombstone { get; set; }

        public long Version { get; set; }

        public long CreatedVersion { get; set; }

        /// <summary>The properties changed after <paramref name="sinceVersion"/>.</summary>
        public IReadOnlyCollection<string> ChangedSince(long sinceVersion) =>
            _changed is null ? [] : _changed.Where(p => p.Value > sinceVersion).Select(p => p.Key).ToList();

        public void RecordChanges(System.Text.Json.Nodes.JsonObject before, System.Text.Json.Nodes.JsonObject after, long version)
        {
            foreach (var name in before.Select(p => p.Key).Union(after.Select(p => p.Key), StringComparer.Ordinal))
            {
                if (!System.Text.Json.Nodes.JsonNode.DeepEquals(before[name], after[name]))
                {
                    (_changed ??= new Dictionary<string, long>(StringComparer.Ordinal))[name] = version;
                }
            }
        }
    }
}
