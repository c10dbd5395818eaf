using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.CompactBlocks;

/// <summary>
/// Ten daemons dialled in a line (node i+1 dials node i; discovery then adds links of its own, so the
/// line is the dial plan, not the whole topology): a block mined at node 0 reaches every node, once
/// with compact relay (default settings, after a warm-up block that sets up high bandwidth) and once
/// with --compact-blocks off (block sync's announce-then-download alone). Arrival times are reported,
/// not asserted (noisy machine).
/// </summary>
public sealed class CompactBlockLineTests(ITestOutputHelper output)
{
    private const int Length = 10;
    private const int TxsPerBlock = 100;

    [Fact]
    [Trait("Clause", "CB-4.2")]
    [Trait("Clause", "CB-4.4")]
    public async Task A_new_block_reaches_ten_nodes_with_compact_relay_and_with_full_blocks()
    {
        var compact = await RunAsync(compactRelay: true);
        var full = await RunAsync(compactRelay: false);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"last arrival / 9 dialled hops: compact {compact:0.0} ms, full {full:0.0} ms ({TxsPerBlock} transactions per block)"));
    }

    private async Task<double> RunAsync(bool compactRelay)
    {
        var mode = compactRelay ? "compact" : "full";
        await using var net = await CompactBlockNetwork.StartAsync(Length, $"{mode}-line", "--compact-blocks", compactRelay ? "on" : "off");
        await Task.WhenAll(Enumerable.Range(0, Length).Select(i => net.SubmitAsync(i, TxsPerBlock)));
        for (var i = 1; i < Length; i++)
        {
            await (compactRelay ? net.ConnectAsync(i, i - 1) : net.DialAsync(i, i - 1));
        }

        // Warm-up: the first block travels low bandwidth; its first deliverers are asked for high bandwidth.
        var warmUp = await net.GenerateAsync(0);
        await net.WaitForTipAsync(warmUp, Stopwatch.StartNew());
        await Task.WhenAll(Enumerable.Range(0, Length).Select(i => net.SubmitAsync(i, TxsPerBlock, skip: TxsPerBlock)));
        if (compactRelay)
        {
            await net.WaitForStatAsync(0, "highBandwidthTo", 1);
        }

        var clock = Stopwatch.StartNew();
        var hash = await net.GenerateAsync(0);
        var arrivals = await net.WaitForTipAsync(hash, clock);
        output.WriteLine($"{mode}: arrivals (ms) {string.Join(", ", arrivals.Select(a => a.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))}");
        long rebuilt = 0, pushed = 0, fullDownloads = 0;
        for (var i = 0; i < Length; i++)
        {
            var stats = await net.StatsAsync(i);
            rebuilt += (long)stats["reconstructedWithoutRoundTrip"]! + (long)stats["getBlockTxsSent"]!;
            pushed += (long)stats["pushed"]!;
            fullDownloads += (long)(await net.Nodes[i].SendOkAsync(Command("sync")))["blocksReceived"]!;
        }

        output.WriteLine($"{mode}: compact blocks rebuilt {rebuilt}, pushed {pushed}, full blocks downloaded by block sync {fullDownloads} (two blocks, nine receivers)");
        if (compactRelay)
        {
            // Node 0 was asked for high bandwidth after the warm-up: it pushed the new block (CB-4.2).
            Assert.True((long)(await net.StatsAsync(0))["pushed"]! >= 1);
            Assert.True(rebuilt >= Length - 1, $"only {rebuilt} compact rebuilds");
        }
        else
        {
            Assert.Equal(0, rebuilt);
            Assert.Equal(2 * (Length - 1), fullDownloads);
        }

        return arrivals.Max().TotalMilliseconds / (Length - 1);
    }
}
