using System.Diagnostics;
using System.Text.Json.Nodes;
using RustyNode.Node.Tests.BlockSync;
using Xunit.Abstractions;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.CompactBlocks;

/// <summary>Compact block relay between real daemons with default settings (CB-4, CB-5, CB-7).</summary>
public sealed class CompactBlockDaemonTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Clause", "CB-4.1")]
    [Trait("Clause", "CB-4.3")]
    [Trait("Clause", "CB-7.1")]
    public async Task A_block_of_a_shared_2000_transaction_mempool_arrives_without_a_round_trip_for_under_5_percent_of_its_bytes()
    {
        await using var net = await CompactBlockNetwork.StartAsync(2, "cb-shared");
        await Task.WhenAll(net.SubmitAsync(0, 2_000), net.SubmitAsync(1, 2_000));
        await net.ConnectAsync(1, 0);

        var hash = await net.GenerateAsync(0);
        await net.WaitForTipAsync(hash, Stopwatch.StartNew());

        var stats = await net.StatsAsync(1);
        var sync = await net.Nodes[1].SendOkAsync(Command("sync"));
        output.WriteLine($"receiver: {stats.ToJsonString()}; block sync blocksReceived {sync["blocksReceived"]}");
        Assert.Equal(1, (int)stats["received"]!);
        Assert.Equal(1, (int)stats["reconstructedWithoutRoundTrip"]!);
        Assert.Equal(0, (int)stats["getBlockTxsSent"]!);
        Assert.Equal(0, (int)stats["fullBlockFallbacks"]!);
        var bytes = (long)stats["bytesReceived"]!;
        var full = (long)stats["bytesFullEquivalent"]!;
        Assert.True(full > 2_000 * 150, $"the block is {full} bytes");
        Assert.True(bytes * 20 < full, $"{bytes} compact bytes for a {full}-byte block");
        Assert.Equal(0, (int)sync["blocksReceived"]!);

        // The sender delivered our tip first: it is now asked for high bandwidth (CB-4.4). The choice
        // follows the connect that made the tip, so the tip can be seen a moment before it: wait for it.
        await SyncDaemons.WaitUntilAsync(
            async () => (await net.StatsAsync(1))["highBandwidthPeers"]!.AsArray().Count > 0,
            TimeSpan.FromSeconds(30),
            async () => "no high-bandwidth peer: " + (await net.StatsAsync(1)).ToJsonString());
        stats = await net.StatsAsync(1);
        Assert.Equal(net.Nodes[0].PeerId, (string)Assert.Single(stats["highBandwidthPeers"]!.AsArray())!);
    }

    [Theory]
    [InlineData(95)]
    [InlineData(50)]
    [Trait("Clause", "CB-5.3")]
    [Trait("Clause", "CB-4.4")]
    [Trait("Clause", "CB-4.2")]
    public async Task A_partly_shared_mempool_takes_exactly_one_get_block_txs_round_trip(int overlapPercent)
    {
        await using var net = await CompactBlockNetwork.StartAsync(2, $"cb-{overlapPercent}");
        await Task.WhenAll(net.SubmitAsync(0, 1_000), net.SubmitAsync(1, 10 * overlapPercent));
        await net.ConnectAsync(1, 0);

        var hash = await net.GenerateAsync(0);
        await net.WaitForTipAsync(hash, Stopwatch.StartNew());
        var stats = await net.StatsAsync(1);
        output.WriteLine($"{overlapPercent}%: {stats.ToJsonString()}");
        Assert.Equal(1, (int)stats["received"]!);
        Assert.Equal(0, (int)stats["reconstructedWithoutRoundTrip"]!);
        Assert.Equal(1, (int)stats["getBlockTxsSent"]!);
        Assert.Equal(0, (int)stats["fullBlockFallbacks"]!);
        Assert.Equal(hash, await net.TipAsync(1));

        // The receiver asked the sender for high bandwidth (CB-4.4); the next block is pushed (CB-4.2)
        // and, with no transaction the receiver lacks, needs no round trip.
        await net.WaitForStatAsync(0, "highBandwidthTo", 1);
        var next = await net.GenerateAsync(0);
        await net.WaitForTipAsync(next, Stopwatch.StartNew());
        stats = await net.StatsAsync(1);
        Assert.Equal(2, (int)stats["received"]!);
        Assert.Equal(1, (int)stats["reconstructedWithoutRoundTrip"]!);
        Assert.Equal(1, (int)stats["getBlockTxsSent"]!);
        Assert.Equal(1, (long)(await net.StatsAsync(0))["pushed"]!);
    }
}
