using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia;

public sealed partial class KademliaNode
{
    /// <summary>Most common-prefix lengths refreshed with a random lookup each round (KAD-6.1).</summary>
    private const int MaxRefreshedPrefix = 15;

    private readonly Dictionary<string, (byte[] Key, DateTimeOffset Announced)> _provided = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _disposed;
    private long _maintenanceRounds;

    /// <summary>Refresh and replication rounds completed by the loops (for tests that drive the clock).</summary>
    public long MaintenanceRounds => Interlocked.Read(ref _maintenanceRounds);

    /// <summary>Starts the refresh and replication loops (KAD-6). Call once.</summary>
    public void Start()
    {
        lock (_loops)
        {
            _loops.Add(EveryAsync(Options.RefreshInterval, RefreshAsync));
            _loops.Add(EveryAsync(Options.ReplicationInterval, ReplicateAsync));
        }
    }

    /// <summary>
    /// Asks a seed peer (a bootstrap peer, or one that announced the protocol) a FIND_NODE for our
    /// own id; it enters the routing table if it answers (KAD-1.3, KAD-6.2).
    /// </summary>
    /// <returns>True when the peer answered.</returns>
    public async Task<bool> AddSeedAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(addresses);
        var probe = KadMessage.Request(KadMessageType.FindNode, LocalPeerId.ToBytes());
        return await TryRequestAsync(peer, addresses, probe, cancellationToken) is not null;
    }

    /// <summary>
    /// Joins the network through the peers already in the routing table: a lookup of our own id, then
    /// a refresh of the buckets (KAD-6.2).
    /// </summary>
    /// <returns>Peers in the routing table afterwards.</returns>
    public async Task<int> BootstrapAsync(CancellationToken cancellationToken)
    {
        await GetClosestPeersAsync(LocalPeerId.ToBytes(), cancellationToken);
        await RefreshAsync(cancellationToken);
        return Routing.Count;
    }

    /// <summary>
    /// One refresh round (KAD-6.1): sweeps expired records and providers, looks up our own id, and
    /// runs a lookup of a random key in each bucket (common prefix 0..15, up to the deepest
    /// occupied) that no lookup visited within the refresh interval.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        Records.RemoveExpired(now);
        Providers.RemoveExpired(now);
        if (_reputation is not null)
        {
            foreach (var entry in Routing.Entries.Where(e => _reputation(e.Peer) < Options.MinPeerReputation))
            {
                RemovePeer(entry.Peer, "reputation below the DHT's minimum");
            }
        }

        if (Routing.Count == 0)
        {
            return;
        }

        await GetClosestPeersAsync(LocalPeerId.ToBytes(), cancellationToken);
        var deepest = Math.Min(Routing.MaxCommonPrefix(), MaxRefreshedPrefix);
        for (var prefix = 0; prefix <= deepest; prefix++)
        {
            var bucket = KadKey.Bits - 1 - prefix;
            if (now - Routing.LastLookup(bucket) < Options.RefreshInterval)
            {
                continue;
            }

            var target = Routing.LocalKey.RandomInBucket(bucket);
            Routing.MarkLookup(bucket, now);
            await new Queries.Lookup(this, target, KadMessage.Request(KadMessageType.FindNode, target.ToBytes()), null).RunAsync(cancellationToken);
        }
    }

    /// <summary>
    /// One replication round (KAD-6.3): our own records older than the publish interval are
    /// published again with a new publication time; every other record that no PUT refreshed
    /// within the replication interval is stored again at the current k closest peers, keeping its
    /// publication time; our provider announcements older than their republish interval are
    /// made again.
    /// </summary>
    public async Task ReplicateAsync(CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        foreach (var stored in Records.All)
        {
            if (stored.Expires <= now)
            {
                continue;
            }

            if (stored.Local && now - stored.Published >= Options.PublishInterval)
            {
                await PutValueAsync(stored.Record with { TimeReceived = null }, cancellationToken);
            }
            else if (now - stored.LastPut >= Options.ReplicationInterval)
            {
                Records.Put(stored with { LastPut = now });
                var record = stored.Record with { TimeReceived = Rfc3339.ToText(stored.Published) };
                await StoreAtClosestAsync(record, cancellationToken);
            }
        }

        (byte[] Key, DateTimeOffset Announced)[] provided;
        lock (_provided)
        {
            provided = [.. _provided.Values.Where(p => now - p.Announced >= Options.ProviderRepublishInterval)];
        }

        foreach (var (key, _) in provided)
        {
            await ProvideAsync(key, cancellationToken);
        }
    }

    /// <summary>Stops the loops and awaits them. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> round)
    {
        var cancellationToken = _stopping.Token;
        using var timer = new PeriodicTimer(interval, TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await round(cancellationToken);
                    Interlocked.Increment(ref _maintenanceRounds);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.KadMaintenanceFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
