using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>Ten daemons with default settings relay 10,000 transactions made on one of them (TX-3, TX-4).</summary>
public sealed class TxRelayTopologyTests
{
    private const int Transactions = 10_000;
    private readonly ITestOutputHelper _output;

    public TxRelayTopologyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    [Trait("Clause", "TX-4.1")]
    [Trait("Clause", "TX-3.1")]
    [Trait("Clause", "TX-1.1")]
    [Trait("Clause", "TX-4.6")]
    [Trait("Clause", "TX-5.1")]
    [Trait("Clause", "TX-8.2")]
    public async Task Ten_daemons_in_a_line_relay_ten_thousand_transactions_to_every_mempool()
    {
        await using var network = await TxRelayNetwork.StartAsync(10, "line");
        for (var i = 0; i < 9; i++)
        {
            await network.ConnectAsync(i, i + 1);
        }

        await RelayAndCheckAsync(network, "line", links: 9);
    }

    [Fact]
    [Trait("Clause", "TX-4.1")]
    [Trait("Clause", "TX-3.3")]
    [Trait("Clause", "TX-4.7")]
    public async Task Ten_daemons_in_a_random_graph_relay_ten_thousand_transactions_to_every_mempool()
    {
        await using var network = await TxRelayNetwork.StartAsync(10, "graph");
        var edges = RandomGraph(10, new Random(2026));
        foreach (var (from, to) in edges)
        {
            await network.ConnectAsync(from, to);
        }

        await RelayAndCheckAsync(network, "graph", links: edges.Count);
    }

    /// <summary>
    /// A connected graph of average degree 3: a ring plus five chords, each node dialing at most two
    /// others, so no node takes more than four inbound connections from 127.0.0.1 (the default
    /// --max-inbound-per-ip).
    /// </summary>
    private static List<(int From, int To)> RandomGraph(int nodes, Random random)
    {
        var edges = Enumerable.Range(0, nodes).Select(i => (i, (i + 1) % nodes)).ToList();
        while (edges.Count < nodes * 3 / 2)
        {
            var a = random.Next(nodes);
            var b = random.Next(nodes);
            if (a == b || edges.Any(e => (e.Item1 == a && e.Item2 == b) || (e.Item1 == b && e.Item2 == a)) || edges.Count(e => e.Item2 == b) >= 3)
            {
                continue;
            }

            edges.Add((a, b));
        }

        return edges;
    }

    private async Task RelayAndCheckAsync(TxRelayNetwork network, string name, int links)
    {
        await WaitForRelayPeersAsync(network);
        var clock = Stopwatch.StartNew();
        var made = await network.Nodes[0].SendOkAsync(Command("make_txs", ("count", Transactions)), TimeSpan.FromSeconds(120));
        var madeIn = clock.Elapsed;
        Assert.Equal(Transactions, made["txids"]!.AsArray().Count);
        var (all99, all100) = await network.WaitForMempoolsAsync(Transactions, clock, TimeSpan.FromSeconds(150));

        long bytes = 0;
        for (var i = 0; i < network.Nodes.Count; i++)
        {
            var stats = await network.StatsAsync(i);
            var total = stats["total"]!;
            Assert.Equal(0, (long)total["unrequested"]!);
            Assert.Equal(0, (long)total["duplicatesReceived"]!);
            foreach (var peer in stats["peers"]!.AsArray())
            {
                // Every transaction received from a peer was asked of it once (TX-4.4): no peer sent one twice.
                Assert.True((long)peer!["received"]! <= (long)peer["requested"]!, peer.ToJsonString());
            }

            bytes += (long)total["bytesOut"]!;
        }

        var mempool = await network.Nodes[^1].SendOkAsync(Command("mempool"), TimeSpan.FromSeconds(60));
        Assert.Equal(
            made["txids"]!.AsArray().Select(t => (string)t!).Order(),
            mempool["txids"]!.AsArray().Select(t => (string)t!).Order());
        var deliveries = (double)Transactions * (network.Nodes.Count - 1);
        var txBytes = (double)mempool["bytes"]! / Transactions;
        var overhead = (bytes - (deliveries * (txBytes + 3))) / Transactions / links;
        _output.WriteLine(
            $"{name}: {Transactions} txs made in {madeIn.TotalSeconds:F1} s; every node had 99% at {all99.TotalSeconds:F1} s, 100% at {all100.TotalSeconds:F1} s; " +
            $"tx-prop bytes {bytes:N0} = {bytes / deliveries:F1} per tx delivered, {overhead:F1} per tx per link beyond the TxData (average tx {txBytes:F0} bytes)");
    }

    private static async Task WaitForRelayPeersAsync(TxRelayNetwork network)
    {
        // The connections are up when connect returns; the announcement streams open right after.
        for (var i = 0; i < network.Nodes.Count; i++)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await network.StatsAsync(i))["peers"]!.AsArray().Count == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"node {i} has no relay peer");
                await Task.Delay(100);
            }
        }
    }
}
