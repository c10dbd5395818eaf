using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Routing;

/// <summary>
/// The k-bucket routing table (KAD-1): 256 buckets by common-prefix length with our key, each at
/// most <see cref="BucketSize"/> peers ordered from least to most recently seen. It only changes
/// through explicit calls; deciding who may enter (peers that answered) and checking the oldest
/// entry of a full bucket belong to the caller. Thread-safe.
/// </summary>
public sealed class RoutingTable
{
    private readonly List<RoutingEntry>?[] _buckets = new List<RoutingEntry>?[KadKey.Bits];
    private readonly Dictionary<PeerId, RoutingEntry> _byPeer = [];
    private readonly DateTimeOffset[] _lastLookup = new DateTimeOffset[KadKey.Bits];
    private readonly Lock _lock = new();

    /// <param name="local">Our own peer id; never entered.</param>
    /// <param name="bucketSize">k, the bucket capacity (20 by default in <see cref="KademliaOptions"/>).</param>
    public RoutingTable(PeerId local, int bucketSize)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketSize, 1);
        Local = local;
        LocalKey = KadKey.ForPeer(local);
        BucketSize = bucketSize;
    }

    /// <summary>Our peer id.</summary>
    public PeerId Local { get; }

    /// <summary>Our key.</summary>
    public KadKey LocalKey { get; }

    /// <summary>k.</summary>
    public int BucketSize { get; }

    /// <summary>Peers in the table.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byPeer.Count;
            }
        }
    }

    /// <summary>Every entry (a snapshot).</summary>
    public IReadOnlyList<RoutingEntry> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _byPeer.Values];
            }
        }
    }

    /// <summary>
    /// Enters a peer that answered us, or refreshes it (KAD-1.3). When its bucket is full nothing
    /// changes and <paramref name="oldest"/> names the least recently seen entry, which the caller
    /// checks before calling <see cref="Replace"/> (KAD-1.4).
    /// </summary>
    public RoutingUpdate TryAdd(PeerId peer, IReadOnlyList<Multiaddr> addresses, DateTimeOffset seen, out RoutingEntry? oldest)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(addresses);
        oldest = null;
        if (peer == Local)
        {
            return RoutingUpdate.Refused;
        }

        var key = KadKey.ForPeer(peer);
        var index = LocalKey.BucketIndex(key);
        lock (_lock)
        {
            var bucket = _buckets[index] ??= new List<RoutingEntry>(BucketSize);
            if (_byPeer.TryGetValue(peer, out var existing))
            {
                bucket.Remove(existing);
                var refreshed = existing with { Addresses = addresses.Count > 0 ? addresses : existing.Addresses, LastSeen = seen };
                bucket.Add(refreshed);
                _byPeer[peer] = refreshed;
                return RoutingUpdate.Refreshed;
            }

            if (bucket.Count >= BucketSize)
            {
                oldest = bucket[0];
                return RoutingUpdate.BucketFull;
            }

            var entry = new RoutingEntry(peer, key, addresses, seen);
            bucket.Add(entry);
            _byPeer[peer] = entry;
            return RoutingUpdate.Added;
        }
    }

    /// <summary>Replaces <paramref name="stale"/> (which failed its check) with a new peer, if it is still there.</summary>
    /// <returns>True when the replacement was made.</returns>
    public bool Replace(PeerId stale, PeerId peer, IReadOnlyList<Multiaddr> addresses, DateTimeOffset seen)
    {
        lock (_lock)
        {
            if (!_byPeer.ContainsKey(stale) || _byPeer.ContainsKey(peer) || LocalKey.BucketIndex(KadKey.ForPeer(stale)) != LocalKey.BucketIndex(KadKey.ForPeer(peer)))
            {
                return false;
            }

            Remove(stale);
            return TryAdd(peer, addresses, seen, out _) == RoutingUpdate.Added;
        }
    }

    /// <summary>Removes a peer (it failed, was banned, or scored badly).</summary>
    public bool Remove(PeerId peer)
    {
        lock (_lock)
        {
            if (!_byPeer.Remove(peer, out var entry))
            {
                return false;
            }

            _buckets[LocalKey.BucketIndex(entry.Key)]!.Remove(entry);
            return true;
        }
    }

    /// <summary>The entry of <paramref name="peer"/>, if present.</summary>
    public RoutingEntry? Get(PeerId peer)
    {
        lock (_lock)
        {
            return _byPeer.GetValueOrDefault(peer);
        }
    }

    /// <summary>Up to <paramref name="count"/> entries closest to <paramref name="target"/>, nearest first.</summary>
    public IReadOnlyList<RoutingEntry> Closest(KadKey target, int count)
    {
        RoutingEntry[] all;
        lock (_lock)
        {
            all = [.. _byPeer.Values];
        }

        var distances = new KadKey[all.Length];
        for (var i = 0; i < all.Length; i++)
        {
            distances[i] = all[i].Key.Xor(target);
        }

        Array.Sort(distances, all);
        return all.Length <= count ? all : all[..count];
    }

    /// <summary>Peers in bucket <paramref name="index"/>, least recently seen first.</summary>
    public IReadOnlyList<RoutingEntry> Bucket(int index)
    {
        lock (_lock)
        {
            return _buckets[index] is { } bucket ? [.. bucket] : [];
        }
    }

    /// <summary>Notes that a lookup aimed into bucket <paramref name="index"/> ran (KAD-6.1).</summary>
    public void MarkLookup(int index, DateTimeOffset now)
    {
        if (index is >= 0 and < KadKey.Bits)
        {
            lock (_lock)
            {
                _lastLookup[index] = now;
            }
        }
    }

    /// <summary>When a lookup last aimed into bucket <paramref name="index"/>.</summary>
    public DateTimeOffset LastLookup(int index)
    {
        lock (_lock)
        {
            return _lastLookup[index];
        }
    }

    /// <summary>The largest common-prefix length of any entry with our key (-1 when empty).</summary>
    public int MaxCommonPrefix()
    {
        lock (_lock)
        {
            for (var i = 0; i < KadKey.Bits; i++)
            {
                if (_buckets[i] is { Count: > 0 })
                {
                    return KadKey.Bits - 1 - i;
                }
            }

            return -1;
        }
    }
}
