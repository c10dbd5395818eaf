using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>
/// Ten daemons with default settings relay 10,000 transactions made on one of them to every
/// mempool, first in a line, then (the same daemons, more connections) in a random graph (TX-3, TX-4).
/// </summary>
public sealed class TxRelayTopologyTests
{
    private const int Nodes = 10;
    private const int Transactions = 10_000;
    private readonly ITestOutputHelper _output;

    public TxRelayTopologyTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>
    /// One network serves both topologies: the line is the random graph's ring without its closing
    /// edge, so the graph round adds that edge and the chords to the running daemons. The second
    /// round's transactions spend the first round's outputs, which every mempool then holds.
    /// </summary>
    [Fact]
    [Trait("Clause", "TX-4.1")]
    [Trait("Clause", "TX-3.1")]
    [Trait("Clause", "TX-3.3")]
    [Trait("Clause", "TX-1.1")]
    [Trait("Clause", "TX-4.6")]
    [Trait("Clause", "TX-4.7")]
    [Trait("Clause", "TX-5.1")]
    [Trait("Clause", "TX-8.2")]
    [Trait("Clause", "RES-4.3")]
    public async Task Ten_daemons_relay_ten_thousand_transactions_to_every_mempool_in_a_line_then_in_a_random_graph()
    {
        var started = Stopwatch.StartNew();
        await using var network = await TxRelayNetwork.StartAsync(Nodes, "relay");
        var line = Enumerable.Range(0, Nodes - 1).Select(i => (i, i + 1)).ToList();
        await network.ConnectAllAsync(line);
        await WaitForRelayPeersAsync(network, line);
        _output.WriteLine($"{Nodes} daemons started and connected in a line in {started.Elapsed.TotalSeconds:F1} s");

        var made = new HashSet<string>(StringComparer.Ordinal);
        _output.WriteLine($"{Nodes} daemons used {network.ProcessorTime().TotalSeconds:F1} s of CPU to start");
        await RelayAndCheckAsync(network, "line", origin: 0, farthest: Nodes - 1, line, made);

        var graph = RandomGraph(line, new Random(2026));
        var chords = graph.Except(line).ToList();
        await network.ConnectAllAsync(chords);
        await WaitForRelayPeersAsync(network, graph);
        await RelayAndCheckAsync(network, "graph", origin: Nodes / 2, farthest: 0, graph, made);
    }

    /// <summary>
    /// A connected graph of average degree 3: the line closed into a ring, plus chords; each node
    /// takes at most three inbound connections (every daemon dials from 127.0.0.1, which the
    /// per-IP limit exempts by default, CM-2.3; the bound keeps the graph sparse).
    /// </summary>
    private static List<(int From, int To)> RandomGraph(List<(int From, int To)> line, Random random)
    {
        var edges = new List<(int From, int To)>(line) { (Nodes - 1, 0) };
        while (edges.Count < Nodes * 3 / 2)
        {
            var a = random.Next(Nodes);
            var b = random.Next(Nodes);
            if (a == b || edges.Any(e => (e.From == a && e.To == b) || (e.From == b && e.To == a)) || edges.Count(e => e.To == b) >= 3)
            {
                continue;
            }

            edges.Add((a, b));
        }

        return edges;
    }

    private async Task RelayAndCheckAsync(TxRelayNetwork network, string name, int origin, int farthest, List<(int From, int To)> links, HashSet<string> made)
    {
        var ports = network.Nodes.Select(n => WireBytes.Port(n.Addresses[0])).ToList();
        var before = await Task.WhenAll(Enumerable.Range(0, Nodes).Select(network.StatsAsync));
        var wireBefore = await WireBytes.MeasureAsync(ports);
        var cpuBefore = network.ProcessorTime();
        var clock = Stopwatch.StartNew();
        var result = await network.Nodes[origin].SendOkAsync(Command("make_txs", ("count", Transactions)), TimeSpan.FromSeconds(120));
        var madeIn = clock.Elapsed;
        var txIds = result["txids"]!.AsArray().Select(t => (string)t!).ToList();
        Assert.Equal(Transactions, txIds.Count);
        made.UnionWith(txIds);
        var (at99, at100) = await network.WaitForMempoolsAsync(made.Count, clock, TimeSpan.FromSeconds(240));
        var cpu = network.ProcessorTime() - cpuBefore;
        var wire = await WireBytes.MeasureAsync(ports) - wireBefore;

        long bytes = 0, announcementBytes = 0;
        for (var i = 0; i < Nodes; i++)
        {
            var stats = await network.StatsAsync(i);
            var total = stats["total"]!;
            Assert.Equal(made.Count, (int)total["mempool"]!);
            Assert.Equal(0, (long)total["unrequested"]!);
            Assert.Equal(0, (long)total["duplicatesReceived"]!);
            // The topology is the test's: no connection beyond its links (RES-4.3).
            Assert.Equal(links.Count(e => e.From == i || e.To == i), stats["peers"]!.AsArray().Count);
            foreach (var peer in stats["peers"]!.AsArray())
            {
                // Every transaction received from a peer was asked of it once (TX-4.4): no peer sent one twice.
                Assert.True((long)peer!["received"]! <= (long)peer["requested"]!, peer.ToJsonString());
            }

            bytes += (long)total["bytesOut"]! - (long)before[i]["total"]!["bytesOut"]!;
            announcementBytes += (long)total["announcementBytesOut"]! - (long)before[i]["total"]!["announcementBytesOut"]!;
        }

        var mempool = await network.Nodes[farthest].SendOkAsync(Command("mempool"), TimeSpan.FromSeconds(60));
        Assert.Equal(made.Order(StringComparer.Ordinal), mempool["txids"]!.AsArray().Select(t => (string)t!).Order(StringComparer.Ordinal));

        var deliveries = (double)Transactions * (Nodes - 1);
        var hops = string.Join(" ", at100.Select(t => t.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));
        _output.WriteLine(
            $"{name} ({links.Count} links): {Transactions} txs made on node {origin} in {madeIn.TotalSeconds:F1} s; every node had 99% at {at99.Max().TotalSeconds:F1} s, " +
            $"100% at {at100.Max().TotalSeconds:F1} s (per node: {hops}); daemons used {cpu.TotalSeconds:F1} s of CPU");
        _output.WriteLine(
            $"{name}: tx-prop bytes {bytes:N0} = {bytes / deliveries:F1} per tx delivered; announcements {announcementBytes / (double)Transactions / links.Count:F1} bytes per tx per link; " +
            $"on the wire (TCP payload, all protocols) {(wire is { } w ? $"{w:N0} = {w / (double)Transactions:F0} per tx relayed, {w / deliveries:F1} per tx delivered" : "n/a (no ss)")}");
    }

    private static async Task WaitForRelayPeersAsync(TxRelayNetwork network, List<(int From, int To)> edges)
    {
        // The connections are up when connect returns; the announcement streams open right after.
        await Task.WhenAll(Enumerable.Range(0, Nodes).Select(i => network.WaitForRelayPeersAsync(i, edges.Count(e => e.From == i || e.To == i))));
    }
}
