using System.Diagnostics;
using System.Text.Json.Nodes;
using RustyNode.Protocols.TxProp.Gossip;
using Xunit.Abstractions;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>Daemons started with --tx-relay gossipsub (the setting these tests are about) relay over the /rusty/tx/1 topic (TX-9).</summary>
public sealed class TxRelayGossipTests
{
    private const int Nodes = 5;
    private const int Transactions = 2_000;
    private readonly ITestOutputHelper _output;

    public TxRelayGossipTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    [Trait("Clause", "TX-9.1")]
    [Trait("Clause", "TX-9.2")]
    [Trait("Clause", "TX-9.4")]
    public async Task Five_daemons_in_a_line_relay_transactions_over_the_topic_to_every_mempool()
    {
        await using var network = await TxRelayNetwork.StartAsync(Nodes, "gossip", "--tx-relay", "gossipsub");
        var line = Enumerable.Range(0, Nodes - 1).Select(i => (i, i + 1)).ToList();
        await network.ConnectAllAsync(line);
        await Task.WhenAll(Enumerable.Range(0, Nodes).Select(i => WaitForMeshAsync(network, i, line.Count(e => e.Item1 == i || e.Item2 == i))));

        var clock = Stopwatch.StartNew();
        var made = await network.Nodes[0].SendOkAsync(Command("make_txs", ("count", Transactions)), TimeSpan.FromSeconds(120));
        var txIds = made["txids"]!.AsArray().Select(t => (string)t!).ToList();
        var (at99, at100) = await network.WaitForMempoolsAsync(Transactions, clock, TimeSpan.FromSeconds(120));

        for (var i = 0; i < Nodes; i++)
        {
            var stats = await network.StatsAsync(i);
            Assert.Equal("gossipsub", (string?)stats["mode"]);
            Assert.Empty(stats["peers"]!.AsArray());
            var total = stats["total"]!;
            Assert.Equal(0, (long)total["unrequested"]!);
            if (i == 0)
            {
                Assert.Equal(Transactions, (long)total["announcedOut"]!);
            }
            else
            {
                // Every transaction entered each relaying mempool once: through the topic's validator, or
                // released from the orphan pool and then published by this node itself (TX-9.2).
                Assert.Equal(Transactions, (long)total["received"]! + (long)total["announcedOut"]!);
            }
        }

        var mempool = await network.Nodes[Nodes - 1].SendOkAsync(Command("mempool"));
        Assert.Equal(txIds.Order(StringComparer.Ordinal), mempool["txids"]!.AsArray().Select(t => (string)t!).Order(StringComparer.Ordinal));
        _output.WriteLine($"gossipsub line of {Nodes}: {Transactions} txs; every node had 99% at {at99.Max().TotalSeconds:F1} s, 100% at {at100.Max().TotalSeconds:F1} s");
    }

    [Fact]
    [Trait("Clause", "TX-9.3")]
    public async Task A_peer_publishing_invalid_transactions_on_the_topic_is_rejected_scored_and_banned()
    {
        await using var network = await TxRelayNetwork.StartAsync(2, "gossip-invalid", "--tx-relay", "gossipsub");
        var (victim, sender) = (network.Nodes[0], network.Nodes[1]);
        await network.ConnectAsync(1, 0);
        await Task.WhenAll(WaitForMeshAsync(network, 0, 1), WaitForMeshAsync(network, 1, 1));

        // The sender's own validator passes its own messages (they are in its mempool, TX-9.2), so
        // publish carries them out unchecked, as a hostile node would.
        foreach (var height in new[] { 1, 2, 3 })
        {
            var bytes = Convert.FromHexString(TxRelayHostileTests.Hex(TxRelayHostileTests.Overspend(height)));
            await sender.SendOkAsync(Command("publish", ("topic", GossipTxRelay.Topic), ("data", Convert.ToBase64String(bytes))));
        }

        var deadline = Stopwatch.StartNew();
        while (!(await victim.SendOkAsync(Command("bans")))["bans"]!.AsArray().Any(b => (string?)b!["peer"] == sender.PeerId))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the sender of invalid transactions was not banned");
            await Task.Delay(100);
        }

        var total = (await network.StatsAsync(0))["total"]!;
        Assert.Equal(0, (int)total["mempool"]!);
        Assert.True((long)total["unrequested"]! >= 2, total.ToJsonString());
    }

    private static async Task WaitForMeshAsync(TxRelayNetwork network, int node, int peers)
    {
        var deadline = Stopwatch.StartNew();
        while ((await network.Nodes[node].SendOkAsync(Command("mesh", ("topic", GossipTxRelay.Topic))))["mesh"]!.AsArray().Count < peers)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"node {node} has fewer than {peers} mesh peers on {GossipTxRelay.Topic}");
            await Task.Delay(100);
        }
    }
}
