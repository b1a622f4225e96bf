namespace AttachKit.Samples.WebApi;

/// <summary>What the cache looks like at one moment.</summary>
internal sealed record CacheStats(int Entries, int Capacity, long Hits, long Misses, long Evictions)
{
    public double HitRatio => Hits + Misses == 0 ? 0 : Math.Round((double)Hits / (Hits + Misses), 3);
}

/// <summary>A bounded cache of computed results, least recently used out first, with counters.</summary>
internal sealed class ResultCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, LinkedListNode<(int Key, int Value)>> _entries = [];
    private readonly LinkedList<(int Key, int Value)> _recency = new();
    private long _hits;
    private long _misses;
    private long _evictions;

    /// <summary>The cached value for <paramref name="key"/>, computed (outside the lock) on a miss.</summary>
    public (int Value, bool Hit) GetOrAdd(int key, Func<int, int> compute)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                _hits++;
                return (node.Value.Value, true);
            }

            _misses++;
        }

        var value = compute(key);
        lock (_gate)
        {
            if (!_entries.ContainsKey(key))
            {
                _entries[key] = _recency.AddFirst((key, value));
                if (_entries.Count > capacity)
                {
                    _entries.Remove(_recency.Last!.Value.Key);
                    _recency.RemoveLast();
                    _evictions++;
                }
            }
        }

        return (value, false);
    }

    public CacheStats Stats()
    {
        lock (_gate)
        {
            return new CacheStats(_entries.Count, capacity, _hits, _misses, _evictions);
        }
    }

    /// <summary>Empties the cache (the counters stay); returns how many entries there were.</summary>
    public int Clear()
    {
        lock (_gate)
        {
            var count = _entries.Count;
            _entries.Clear();
            _recency.Clear();
            return count;
        }
    }
}
