using BenchmarkDotNet.Attributes;
using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Bench.Network.Discovery;

/// <summary>
/// Lookups in a 200-node in-process DHT (every request and answer through the codec). Baseline:
/// one FIND_NODE request and its answer, so each lookup's ratio is close to the requests it
/// sends. Messages per lookup and hops are printed by the <c>dht</c> harness.
/// </summary>
[MemoryDiagnoser]
public class DhtLookupBenchmarks
{
    private const int NetworkSize = 200;
    private DhtSimulation _dht = null!;
    private Random _random = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dht = DhtSimulation.CreateAsync(NetworkSize).GetAwaiter().GetResult();
        _random = new Random(1);
    }

    [GlobalCleanup]
    public void Cleanup() => _dht.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<KadMessage?> OneFindNodeRequest()
    {
        var (from, target) = _dht.PickStranger(_random);
        var messenger = _dht.Network.MessengerFor(from.LocalPeerId);
        var to = from.Routing.Closest(RustyNode.Network.Discovery.Kademlia.Routing.KadKey.ForPeer(target), 1)[0];
        return messenger.SendAsync(to.Peer, to.Addresses, KadMessage.Request(KadMessageType.FindNode, target.ToBytes()), CancellationToken.None);
    }

    [Benchmark]
    public async Task<bool> FindPeer()
    {
        var (from, target) = _dht.PickStranger(_random);
        var result = await from.FindPeerAsync(target, CancellationToken.None);
        return result.Peer is not null;
    }

    [Benchmark]
    public async Task<int> GetClosestPeers()
    {
        var (from, target) = _dht.PickStranger(_random);
        var result = await from.GetClosestPeersAsync(target.ToBytes(), CancellationToken.None);
        return result.Closest.Count;
    }
}
