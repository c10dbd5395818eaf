namespace RustyNode.Network.PubSub;

/// <summary>
/// A map whose entries live for a fixed time after they were added, and that holds at most a fixed
/// number of entries (the oldest go first). Backs the seen cache (PS-4.3) and the scorer's delivery
/// records. Not thread safe: the router calls it under its lock. Times are
/// <see cref="TimeProvider.GetTimestamp"/> values.
/// </summary>
internal sealed class TimeCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, (TValue Value, long ExpiresAt)> _entries;
    private readonly Queue<(TKey Key, long ExpiresAt)> _order = new();
    private readonly long _ttlTicks;
    private readonly int _capacity;

    public TimeCache(TimeSpan ttl, long timestampFrequency, int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        _ttlTicks = (long)(ttl.TotalSeconds * timestampFrequency);
        _capacity = capacity;
        _entries = new Dictionary<TKey, (TValue, long)>(comparer);
    }

    public int Count => _entries.Count;

    /// <summary>Entries forgotten because the cache was full.</summary>
    public long Evicted { get; private set; }

    public bool ContainsKey(TKey key, long now) => _entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now;

    public bool TryGetValue(TKey key, long now, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Adds <paramref name="key"/> unless it is present (and not expired); false when it was.</summary>
    public bool TryAdd(TKey key, TValue value, long now)
    {
        if (ContainsKey(key, now))
        {
            return false;
        }

        while (_entries.Count >= _capacity && _order.TryDequeue(out var oldest))
        {
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.ExpiresAt == oldest.ExpiresAt)
            {
                _entries.Remove(oldest.Key);
                Evicted++;
            }
        }

        var expiresAt = now + _ttlTicks;
        _entries[key] = (value, expiresAt);
        _order.Enqueue((key, expiresAt));
        return true;
    }

    /// <summary>Forgets every entry whose time is up.</summary>
    public void Prune(long now)
    {
        while (_order.TryPeek(out var oldest) && oldest.ExpiresAt <= now)
        {
            _order.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.ExpiresAt == oldest.ExpiresAt)
            {
                _entries.Remove(oldest.Key);
            }
        }
    }
}
