using System.Diagnostics;
using RustyNode.Node.Tests.Testing;
using Xunit.Abstractions;
using static RustyNode.Node.Tests.BlockSync.SyncDaemons;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.BlockSync;

/// <summary>Block sync between separate daemon processes at their default settings (specs/protocols/01-block-sync.md).</summary>
[Collection(BlockSyncDaemonCollection.Name)]
public sealed class BlockSyncDaemonTests
{
    /// <summary>The chain length: 5,000 blocks, spends in all but the first 101.</summary>
    private const int ChainLength = 5_000;

    /// <summary>Spends per block: enough that every block past maturity moves coins (the UTXO digest then checks real connects).</summary>
    private const int SpendsPerBlock = 2;

    private static readonly TimeSpan SyncBound = TimeSpan.FromSeconds(180);
    private readonly ITestOutputHelper _output;

    public BlockSyncDaemonTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    [Trait("Clause", "BS-8.2")]
    [Trait("Clause", "BS-8.3")]
    [Trait("Clause", "BS-8.4")]
    [Trait("Clause", "BS-8.1")]
    [Trait("Clause", "BS-5.1")]
    [Trait("Clause", "BS-4.6")]
    public async Task Two_empty_daemons_sync_five_thousand_blocks_from_a_miner_and_each_other_then_follow_its_tip()
    {
        var nodes = await StartAsync("sync-a", "sync-b", "sync-c");
        await using var a = nodes[0];
        await using var b = nodes[1];
        await using var c = nodes[2];
        var clock = Stopwatch.StartNew();
        await MineAsync(a, MaturityBlocks, 0);
        await MineAsync(a, ChainLength - MaturityBlocks, SpendsPerBlock);
        var mined = clock.Elapsed;
        var tip = (string)(await ChainAsync(a))["bestHash"]!;
        var utxo = await UtxoAsync(a);
        Assert.StartsWith($"{ChainLength}/", utxo, StringComparison.Ordinal);
        Assert.True(int.Parse(utxo.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture) > ChainLength, $"the chain has no spends: {utxo}");

        await ConnectAsync(b, a);
        await ConnectAsync(c, a);
        await ConnectAsync(c, b);
        await WaitForTipAsync(tip, SyncBound, b, c);
        var synced = clock.Elapsed - mined;
        Assert.Equal(utxo, await UtxoAsync(b));
        Assert.Equal(utxo, await UtxoAsync(c));
        var progress = await SyncAsync(b);
        _output.WriteLine($"mined {ChainLength} blocks in {mined.TotalSeconds:0.0} s; B and C synced in {synced.TotalSeconds:0.0} s; B: {progress.ToJsonString()}");
        Assert.Equal("synced", (string?)progress["state"]);
        Assert.Equal(ChainLength, (int)progress["height"]!);
        Assert.Equal(ChainLength, (int)progress["headers"]!);
        Assert.Equal(100.0, (double)progress["percent"]!);
        Assert.Equal(2, (int)progress["peers"]!);
        Assert.True((long)progress["blocksReceived"]! >= ChainLength, progress.ToJsonString());
        Assert.Contains("Sync: height ", b.StandardError, StringComparison.Ordinal);

        // Requested blocks are answers on streams we opened: never charged, never scored (PROT-2.2).
        Assert.True(await ScoreAsync(b, a.PeerId) >= 0, "B scored A down for blocks it asked for");
        Assert.True(await ScoreAsync(c, a.PeerId) >= 0, "C scored A down for blocks it asked for");

        // Synced nodes follow the tip by announcements, without polling.
        await MineAsync(a, 3, SpendsPerBlock);
        tip = (string)(await ChainAsync(a))["bestHash"]!;
        await WaitForTipAsync(tip, TimeSpan.FromSeconds(30), b, c);
        utxo = await UtxoAsync(a);
        Assert.Equal(utxo, await UtxoAsync(b));
        Assert.Equal(utxo, await UtxoAsync(c));
    }

    [Fact]
    [Trait("Clause", "BS-4.1")]
    [Trait("Clause", "BS-5.4")]
    [Trait("Clause", "CB-4.3")]
    public async Task A_daemon_restarted_mid_sync_resumes_from_its_stored_chain()
    {
        const int length = 3_000;
        using var dataDir = new TempDirectory("rustynode-resume-");
        await using var a = await StartRustyNodeAsync("resume-a");
        await MineAsync(a, MaturityBlocks, 0);
        await MineAsync(a, length - MaturityBlocks, SpendsPerBlock);
        var tip = (string)(await ChainAsync(a))["bestHash"]!;

        int seenBeforeStop;
        await using (var first = await StartRustyNodeAsync("resume-b1", "--datadir", dataDir.Path))
        {
            await ConnectAsync(first, a);
            await WaitUntilAsync(async () => (int)(await SyncAsync(first))["height"]! >= 300, SyncBound, async () => (await SyncAsync(first)).ToJsonString());
            seenBeforeStop = (int)(await SyncAsync(first))["height"]!;
            await first.SendOkAsync(Command("shutdown"));
            Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        // The restarted node starts from what it stored (at least what it reported before the stop), not from genesis.
        await using var second = await StartRustyNodeAsync("resume-b2", "--datadir", dataDir.Path);
        var stoppedAt = (int)(await SyncAsync(second))["height"]!;
        Assert.InRange(stoppedAt, seenBeforeStop, length - 1);
        // A syncing node relays nothing of the blocks it catches up on (CB-4.3), so A has no reason to ban it.
        Assert.DoesNotContain(second.PeerId, (await a.SendOkAsync(Command("bans")))["bans"]!.AsArray().Select(b => (string?)b!["peer"]));
        await ConnectAsync(second, a);
        await WaitForTipAsync(tip, SyncBound, second);
        var progress = await SyncAsync(second);
        _output.WriteLine($"stopped at {stoppedAt} of {length}; after the restart: {progress.ToJsonString()}");

        // Only the missing blocks were fetched (a few may come twice after a stall), not the whole chain again.
        var received = (long)progress["blocksReceived"]!;
        Assert.InRange(received, length - stoppedAt, length - stoppedAt + 64);
        Assert.Equal(await UtxoAsync(a), await UtxoAsync(second));
    }

    [Fact]
    [Trait("Clause", "BS-6.1")]
    [Trait("Clause", "BS-6.2")]
    public async Task A_longer_valid_fork_reorganises_every_daemon()
    {
        var nodes = await StartAsync("reorg-a", "reorg-b", "reorg-d");
        await using var a = nodes[0];
        await using var b = nodes[1];
        await using var d = nodes[2];
        await MineAsync(a, MaturityBlocks + 20, 0);
        await MineAsync(a, 30, SpendsPerBlock);
        await ConnectAsync(b, a);
        await WaitForTipAsync((string)(await ChainAsync(a))["bestHash"]!, SyncBound, b);

        // D mines its own chain from genesis, longer (more work at regtest's fixed difficulty).
        await MineAsync(d, MaturityBlocks + 20, 0);
        await MineAsync(d, 40, SpendsPerBlock);
        var forkTip = (string)(await ChainAsync(d))["bestHash"]!;
        Assert.NotEqual(forkTip, (string)(await ChainAsync(a))["bestHash"]!);
        await ConnectAsync(d, a);
        await WaitForTipAsync(forkTip, SyncBound, a, b);
        var utxo = await UtxoAsync(d);
        Assert.Equal(utxo, await UtxoAsync(a));
        Assert.Equal(utxo, await UtxoAsync(b));
    }
}
