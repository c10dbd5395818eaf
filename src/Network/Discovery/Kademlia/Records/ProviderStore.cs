using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>
/// Provider records (KAD-5.2): per key, the peers that announced they provide it, each until its
/// announcement expires. At most <see cref="KadLimits.MaxProviderKeys"/> keys and
/// <see cref="KadLimits.MaxProvidersPerKey"/> providers per key (the one expiring first gives way).
/// Thread-safe.
/// </summary>
public sealed class ProviderStore
{
    private readonly Dictionary<string, List<ProviderEntry>> _byKey = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Keys with at least one provider (expired ones not yet swept included).</summary>
    public int KeyCount
    {
        get
        {
            lock (_lock)
            {
                return _byKey.Count;
            }
        }
    }

    /// <summary>Adds or renews <paramref name="peer"/> as a provider of <paramref name="key"/>.</summary>
    /// <returns>False when the store is full of other keys.</returns>
    public bool Add(ReadOnlySpan<byte> key, PeerId peer, IReadOnlyList<Multiaddr> addresses, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var id = Convert.ToBase64String(key);
        lock (_lock)
        {
            if (!_byKey.TryGetValue(id, out var providers))
            {
                if (_byKey.Count >= KadLimits.MaxProviderKeys)
                {
                    return false;
                }

                _byKey[id] = providers = [];
            }

            var index = providers.FindIndex(p => p.Peer == peer);
            if (index >= 0)
            {
                var known = providers[index];
                providers[index] = new ProviderEntry(peer, addresses.Count > 0 ? addresses : known.Addresses, expires);
                return true;
            }

            if (providers.Count >= KadLimits.MaxProvidersPerKey)
            {
                var first = providers.MinBy(p => p.Expires)!;
                if (first.Expires >= expires)
                {
                    return true;
                }

                providers.Remove(first);
            }

            providers.Add(new ProviderEntry(peer, addresses, expires));
            return true;
        }
    }

    /// <summary>The unexpired providers of <paramref name="key"/>.</summary>
    public IReadOnlyList<ProviderEntry> Get(ReadOnlySpan<byte> key, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _byKey.TryGetValue(Convert.ToBase64String(key), out var providers)
                ? providers.Where(p => p.Expires > now).ToArray()
                : [];
        }
    }

    /// <summary>Drops expired announcements and keys left without providers (KAD-5.4).</summary>
    /// <returns>How many announcements were dropped.</returns>
    public int RemoveExpired(DateTimeOffset now)
    {
        lock (_lock)
        {
            var removed = 0;
            foreach (var (id, providers) in _byKey.ToArray())
            {
                removed += providers.RemoveAll(p => p.Expires <= now);
                if (providers.Count == 0)
                {
                    _byKey.Remove(id);
                }
            }

            return removed;
        }
    }
}
