using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>
/// The records this node holds (KAD-5.1), at most <see cref="KadLimits.MaxRecords"/>; an expired
/// record is gone for readers at once and swept by <see cref="RemoveExpired"/>. Thread-safe.
/// </summary>
public sealed class RecordStore
{
    private readonly Dictionary<string, StoredRecord> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Records held (expired ones not yet swept included).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <summary>A snapshot of every record.</summary>
    public IReadOnlyList<StoredRecord> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _records.Values];
            }
        }
    }

    /// <summary>Stores or replaces the record of its key.</summary>
    /// <returns>False when the store is full and the key is new.</returns>
    public bool Put(StoredRecord stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var id = Id(stored.Record.Key);
        lock (_lock)
        {
            if (!_records.ContainsKey(id) && _records.Count >= KadLimits.MaxRecords)
            {
                return false;
            }

            _records[id] = stored;
            return true;
        }
    }

    /// <summary>The unexpired record of <paramref name="key"/>, if held.</summary>
    public StoredRecord? Get(ReadOnlySpan<byte> key, DateTimeOffset now)
    {
        var id = Id(key);
        lock (_lock)
        {
            if (!_records.TryGetValue(id, out var stored))
            {
                return null;
            }

            if (stored.Expires <= now)
            {
                _records.Remove(id);
                return null;
            }

            return stored;
        }
    }

    /// <summary>Drops the record of <paramref name="key"/>.</summary>
    public bool Remove(ReadOnlySpan<byte> key)
    {
        lock (_lock)
        {
            return _records.Remove(Id(key));
        }
    }

    /// <summary>Drops every expired record (KAD-5.4).</summary>
    /// <returns>How many were dropped.</returns>
    public int RemoveExpired(DateTimeOffset now)
    {
        lock (_lock)
        {
            var expired = _records.Where(r => r.Value.Expires <= now).Select(r => r.Key).ToArray();
            foreach (var id in expired)
            {
                _records.Remove(id);
            }

            return expired.Length;
        }
    }

    private static string Id(ReadOnlySpan<byte> key) => Convert.ToBase64String(key);
}
