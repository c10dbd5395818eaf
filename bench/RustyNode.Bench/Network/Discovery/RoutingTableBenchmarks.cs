using BenchmarkDotNet.Attributes;
using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Bench.Network.Discovery;

/// <summary>
/// The cost of routing-table updates in a table of about 100 peers (what a node of a 200-node
/// network holds). Baseline: the SHA-256 of a peer id, which every update computes once.
/// </summary>
[MemoryDiagnoser]
public class RoutingTableBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Multiaddr[] Addresses = [Multiaddr.Parse("/ip4/10.0.0.1/tcp/4001")];
    private RoutingTable _table = null!;
    private PeerId[] _members = null!;
    private PeerId[] _outsiders = null!;
    private KadKey _target;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _table = new RoutingTable(Ed25519PrivateKey.FromSeedNumber(1).PeerId, 20);
        var members = new List<PeerId>();
        var outsiders = new List<PeerId>();
        for (var seed = 2UL; members.Count < 100 || outsiders.Count < 64; seed++)
        {
            var peer = Ed25519PrivateKey.FromSeedNumber(seed).PeerId;
            if (members.Count < 100 && _table.TryAdd(peer, Addresses, Now, out _) == RoutingUpdate.Added)
            {
                members.Add(peer);
            }
            else if (outsiders.Count < 64 && _table.Bucket(_table.LocalKey.BucketIndex(KadKey.ForPeer(peer))).Count < 19)
            {
                outsiders.Add(peer);
            }
        }

        _members = [.. members];
        _outsiders = [.. outsiders];
        _target = KadKey.ForPeer(Ed25519PrivateKey.FromSeedNumber(99_999).PeerId);
    }

    [Benchmark(Baseline = true)]
    public KadKey KeyOfPeer() => KadKey.ForPeer(_members[_next++ % _members.Length]);

    [Benchmark]
    public RoutingUpdate RefreshKnownPeer() => _table.TryAdd(_members[_next++ % _members.Length], Addresses, Now, out _);

    [Benchmark]
    public bool AddThenRemovePeer()
    {
        var peer = _outsiders[_next++ % _outsiders.Length];
        _table.TryAdd(peer, Addresses, Now, out _);
        return _table.Remove(peer);
    }

    [Benchmark]
    public int Closest20() => _table.Closest(_target, 20).Count;
}
