using System.Diagnostics;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Messages;
using Xunit.Abstractions;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

/// <summary>
/// 200 DHT nodes in one process (every message through the codec, time on a fake clock): every
/// node finds a peer it does not route through; records outlive the loss of a third of the nodes
/// while refresh and replication run. Prints hops, requests and time per lookup.
/// </summary>
[Collection(HeavySimulationCollection.Name)]
public class KadScaleTests(ITestOutputHelper output)
{
    private const int NetworkSize = 200;

    [Fact]
    [Trait("Clause", "KAD-3.5")]
    [Trait("Clause", "KAD-6.3")]
    public async Task Two_hundred_nodes_find_every_peer_and_keep_records_through_the_loss_of_a_third()
    {
        var joining = Stopwatch.StartNew();
        await using var net = await KadTestNetwork.CreateAsync(NetworkSize);
        output.WriteLine($"joined {NetworkSize} nodes in {joining.Elapsed.TotalSeconds:0.0} s ({net.Network.Messages} requests); table sizes min {net.Nodes.Min(n => n.Routing.Count)} mean {net.Nodes.Average(n => n.Routing.Count):0.0} max {net.Nodes.Max(n => n.Routing.Count)}");

        var random = new Random(7);
        var hops = new List<int>();
        var requests = new List<int>();
        var lookupTime = Stopwatch.StartNew();
        foreach (var node in net.Nodes)
        {
            var strangers = net.Nodes.Where(n => n != node && node.Routing.Get(n.LocalPeerId) is null).ToArray();
            var target = strangers.Length > 0 ? strangers[random.Next(strangers.Length)] : net.Nodes[(net.Nodes.IndexOf(node) + 1) % NetworkSize];
            var result = await node.FindPeerAsync(target.LocalPeerId, CancellationToken.None);

            Assert.True(result.Peer?.Id == target.LocalPeerId, $"{node.LocalPeerId} did not find {target.LocalPeerId} ({result.Lookup.Requests} requests)");
            hops.Add(result.Lookup.Hops);
            requests.Add(result.Lookup.Requests);
        }

        lookupTime.Stop();
        hops.Sort();
        output.WriteLine(
            $"FIND_NODE x{NetworkSize}: all found; hops mean {hops.Average():0.00} median {hops[hops.Count / 2]} max {hops[^1]} (log2 N = {Math.Log2(NetworkSize):0.0}); " +
            $"requests mean {requests.Average():0.0} max {requests.Max()}; {lookupTime.Elapsed.TotalMilliseconds / NetworkSize:0.00} ms per lookup in process");

        await RecordsSurviveTheLossOfAThirdAsync(net, random);
    }

    private async Task RecordsSurviveTheLossOfAThirdAsync(KadTestNetwork net, Random random)
    {
        var keys = new List<byte[]>();
        for (var i = 0; i < 20; i++)
        {
            var key = VersionedValidator.Key($"record-{i}");
            await net.Nodes[random.Next(NetworkSize)].PutValueAsync(new KadRecord(key, [(byte)(i + 1)]), CancellationToken.None);
            keys.Add(key);
        }

        foreach (var lost in net.Nodes.OrderBy(_ => random.Next()).Take(NetworkSize / 3))
        {
            net.Network.TakeDown(lost.LocalPeerId);
        }

        var live = net.Nodes.Where(n => net.Network.IsUp(n.LocalPeerId)).ToArray();
        var before = keys.Select(k => LiveHolders(net, k)).ToArray();

        // One hour of maintenance on the live nodes: a refresh round, then the replication round.
        net.Time.Advance(live[0].Options.RefreshInterval);
        foreach (var node in live)
        {
            await node.RefreshAsync(CancellationToken.None);
        }

        net.Time.Advance(live[0].Options.ReplicationInterval - live[0].Options.RefreshInterval);
        foreach (var node in live)
        {
            await node.ReplicateAsync(CancellationToken.None);
        }

        var after = keys.Select(k => LiveHolders(net, k)).ToArray();
        output.WriteLine($"after losing {NetworkSize / 3} nodes: live copies per record min {before.Min()} mean {before.Average():0.0}; after one replication round min {after.Min()} mean {after.Average():0.0}");
        Assert.All(after, copies => Assert.True(copies >= 15, $"only {copies} live copies after replication"));

        for (var i = 0; i < keys.Count; i++)
        {
            foreach (var reader in live.OrderBy(_ => random.Next()).Take(5))
            {
                var result = await reader.GetValueAsync(keys[i], CancellationToken.None);
                Assert.Equal([(byte)(i + 1)], result.Record?.Value ?? []);
            }
        }
    }

    private static int LiveHolders(KadTestNetwork net, byte[] key) =>
        net.Nodes.Count(n => net.Network.IsUp(n.LocalPeerId) && n.Records.Get(key, net.Time.GetUtcNow()) is not null);
}
