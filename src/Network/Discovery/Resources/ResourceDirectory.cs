using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Resources;

/// <summary>
/// The resource API for applications (specs/network/22-resources.md): announce a resource with a
/// time to live, get one by type and id, discover every live resource of a type, and announce or
/// find capabilities and topics, on top of DHT records and provider records.
/// </summary>
public sealed class ResourceDirectory : IDisposable
{
    private readonly Func<KademliaNode> _dht;
    private readonly Ed25519PrivateKey _key;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Dictionary<string, ResourceEntry>> _announced = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private ulong _lastSequence;

    /// <param name="dht">The DHT (resolved when first used, so a behaviour can attach first).</param>
    /// <param name="key">Our identity key; our records are signed with it.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public ResourceDirectory(Func<KademliaNode> dht, Ed25519PrivateKey key, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dht);
        ArgumentNullException.ThrowIfNull(key);
        _dht = dht;
        _key = key;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Announces a resource (RES-3.1): its own record, our index of that type, and us as a
    /// provider of the type, all expiring after <paramref name="ttl"/>.
    /// </summary>
    /// <returns>The resource as published.</returns>
    /// <exception cref="ArgumentException">A bad type, id, data size or ttl, or an index that would be too large.</exception>
    public async Task<Resource> AnnounceResourceAsync(string type, string id, ReadOnlyMemory<byte> data, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var recordKey = ResourceKeys.Resource(type, id);
        if (data.Length > ResourceLimits.MaxDataLength)
        {
            throw new ArgumentException($"Resource data of {data.Length} bytes is over the limit of {ResourceLimits.MaxDataLength}.", nameof(data));
        }

        if (ttl <= TimeSpan.Zero || ttl > ResourceLimits.MaxTtl)
        {
            throw new ArgumentException($"The ttl must be positive and at most {ResourceLimits.MaxTtl.TotalDays:0} days.", nameof(ttl));
        }

        var dht = _dht();
        await _publishing.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var entry = new ResourceEntry(type, id, data.ToArray(), (ulong)(now + ttl).ToUnixTimeSeconds());
            var index = IndexOf(type, now);
            index[id] = entry;
            if (index.Count > ResourceLimits.MaxResourcesPerIndex)
            {
                index.Remove(id);
                throw new ArgumentException($"At most {ResourceLimits.MaxResourcesPerIndex} live resources of one type per publisher.", nameof(id));
            }

            var sequence = NextSequence(now);
            var resourceValue = new ResourceSet(recordKey, sequence, [entry]).Seal(_key);
            var indexKey = ResourceKeys.Index(type, _key.PeerId);
            var indexValue = new ResourceSet(indexKey, sequence, [.. index.Values]).Seal(_key);
            if (indexValue.Length > KadLimits.MaxValueLength)
            {
                index.Remove(id);
                throw new ArgumentException($"The index of our '{type}' resources would exceed {KadLimits.MaxValueLength} bytes.", nameof(data));
            }

            await dht.PutValueAsync(new KadRecord(recordKey, resourceValue), cancellationToken);
            await dht.PutValueAsync(new KadRecord(indexKey, indexValue), cancellationToken);
            await dht.ProvideAsync(ResourceKeys.TypeProviders(type), cancellationToken);
            return new Resource(type, id, entry.Data, entry.Expires, _key.PeerId);
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Gets one resource by type and id (RES-3.2); null when none is live.</summary>
    public async Task<Resource?> GetResourceAsync(string type, string id, CancellationToken cancellationToken)
    {
        var result = await _dht().GetValueAsync(ResourceKeys.Resource(type, id), cancellationToken);
        if (result.Record is null)
        {
            return null;
        }

        var (set, publisher) = ResourceSet.Open(result.Record.Value);
        var entry = set.Entries[0];
        return entry.Expires > _time.GetUtcNow() ? new Resource(entry.Type, entry.Id, entry.Data, entry.Expires, publisher) : null;
    }

    /// <summary>
    /// Every live resource of a type that <paramref name="filter"/> accepts (RES-3.3): the
    /// providers of the type, then each one's index record.
    /// </summary>
    public async Task<IReadOnlyList<Resource>> DiscoverResourcesAsync(string type, Func<Resource, bool>? filter, CancellationToken cancellationToken)
    {
        var dht = _dht();
        var providers = await dht.FindProvidersAsync(ResourceKeys.TypeProviders(type), ResourceLimits.MaxProvidersPerDiscovery, cancellationToken);
        var found = new List<Resource>();
        using var slots = new SemaphoreSlim(ResourceLimits.MaxParallelFetches);
        var fetches = providers.Select(async provider =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var index = await dht.GetValueAsync(ResourceKeys.Index(type, provider.Id), cancellationToken);
                return index.Record is null ? [] : ResourceSet.Open(index.Record.Value).Set.Entries.Select(e => new Resource(e.Type, e.Id, e.Data, e.Expires, provider.Id)).ToArray();
            }
            finally
            {
                slots.Release();
            }
        });
        var now = _time.GetUtcNow();
        foreach (var resources in await Task.WhenAll(fetches))
        {
            found.AddRange(resources.Where(r => r.Expires > now && (filter is null || filter(r))));
        }

        return found;
    }

    /// <summary>Announces that we offer <paramref name="capability"/> (RES-3.4).</summary>
    public Task<int> AnnounceCapabilityAsync(string capability, CancellationToken cancellationToken) =>
        _dht().ProvideAsync(ResourceKeys.Capability(capability), cancellationToken);

    /// <summary>Finds peers that announced <paramref name="capability"/> (RES-3.4).</summary>
    public Task<IReadOnlyList<KadPeer>> FindCapabilityAsync(string capability, int max, CancellationToken cancellationToken) =>
        _dht().FindProvidersAsync(ResourceKeys.Capability(capability), max, cancellationToken);

    /// <summary>Announces that we provide <paramref name="topic"/> (RES-3.5).</summary>
    public Task<int> AnnounceTopicAsync(string topic, CancellationToken cancellationToken) =>
        _dht().ProvideAsync(ResourceKeys.Topic(topic), cancellationToken);

    /// <summary>Finds peers that provide <paramref name="topic"/> through the DHT (RES-3.5).</summary>
    public Task<IReadOnlyList<KadPeer>> FindTopicProvidersAsync(string topic, int max, CancellationToken cancellationToken) =>
        _dht().FindProvidersAsync(ResourceKeys.Topic(topic), max, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _publishing.Dispose();

    /// <summary>Our live announced resources of <paramref name="type"/>, expired ones dropped.</summary>
    private Dictionary<string, ResourceEntry> IndexOf(string type, DateTimeOffset now)
    {
        if (!_announced.TryGetValue(type, out var index))
        {
            _announced[type] = index = new Dictionary<string, ResourceEntry>(StringComparer.Ordinal);
        }

        foreach (var expired in index.Where(e => e.Value.Expires <= now).Select(e => e.Key).ToArray())
        {
            index.Remove(expired);
        }

        return index;
    }

    /// <summary>Milliseconds since the epoch, strictly increasing (RES-2.3).</summary>
    private ulong NextSequence(DateTimeOffset now)
    {
        _lastSequence = Math.Max(_lastSequence + 1, (ulong)now.ToUnixTimeMilliseconds());
        return _lastSequence;
    }
}
