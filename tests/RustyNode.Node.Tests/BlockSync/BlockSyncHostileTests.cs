using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Service;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.BlockSync.SyncDaemons;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.BlockSync;

/// <summary>A daemon at its default settings against a scripted block-sync peer in the test process (BS-7).</summary>
[Collection(BlockSyncDaemonCollection.Name)]
public sealed class BlockSyncHostileTests
{
    /// <summary>The chain the hostile peer and the honest daemon share.</summary>
    private static readonly Lazy<IReadOnlyList<Block>> SharedChain = new(() => new ChainGenerator(ChainParameters.Regtest).Build(400));

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "BS-7.1")]
    [Trait("Clause", "BS-4.3")]
    public async Task A_peer_serving_invalid_headers_is_banned()
    {
        await using var victim = await StartRustyNodeAsync("victim-headers");
        await using var hostile = await HostileSyncPeer.StartAsync(HostileSyncMode.InvalidHeaders, SharedChain.Value);
        await hostile.DialAndAnnounceAsync(victim.Addresses[0]);
        await WaitUntilAsync(() => HasBannedAsync(victim, hostile.PeerId), Bound, async () => $"not banned: {(await SyncAsync(victim)).ToJsonString()}");
        Assert.Contains("bad proof of work", victim.StandardError, StringComparison.Ordinal);
        Assert.True((int)(await SyncAsync(victim))["headers"]! < SharedChain.Value.Count, "the forged header was committed");
    }

    [Fact]
    [Trait("Clause", "BS-7.2")]
    [Trait("Clause", "BS-5.3")]
    public async Task A_peer_serving_a_block_with_a_bad_merkle_root_is_banned_and_sync_carries_on_with_an_honest_daemon()
    {
        using var honestDataDir = SeedDataDir();
        await using var honest = await StartRustyNodeAsync("honest-merkle", "--datadir", honestDataDir.Path);
        await using var victim = await StartRustyNodeAsync("victim-merkle");
        await using var hostile = await HostileSyncPeer.StartAsync(HostileSyncMode.BadMerkleRoot, SharedChain.Value);
        await hostile.DialAndAnnounceAsync(victim.Addresses[0]);
        await WaitUntilAsync(() => HasBannedAsync(victim, hostile.PeerId), Bound, async () => $"not banned: {(await SyncAsync(victim)).ToJsonString()}");
        Assert.True(hostile.BlockRequests > 0);
        Assert.Contains("invalid block", victim.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await SyncAsync(victim))["height"]!);

        await ConnectAsync(victim, honest);
        await WaitForTipAsync(SharedChain.Value[^1].Hash.ToString(), Bound, victim);
        Assert.Equal(await UtxoAsync(honest), await UtxoAsync(victim));
    }

    [Fact]
    [Trait("Clause", "BS-5.6")]
    [Trait("Clause", "BS-5.7")]
    public async Task A_stalling_peer_is_detected_and_its_blocks_are_fetched_from_another()
    {
        using var honestDataDir = SeedDataDir();
        await using var honest = await StartRustyNodeAsync("honest-stall", "--datadir", honestDataDir.Path);
        await using var victim = await StartRustyNodeAsync("victim-stall");
        await using var hostile = await HostileSyncPeer.StartAsync(HostileSyncMode.Stall, SharedChain.Value);
        await hostile.DialAndAnnounceAsync(victim.Addresses[0]);
        await WaitUntilAsync(() => Task.FromResult(hostile.BlockRequests > 0), Bound, () => Task.FromResult("the stalling peer was never asked for blocks"));
        await ConnectAsync(victim, honest);
        await WaitForTipAsync(SharedChain.Value[^1].Hash.ToString(), Bound, victim);
        var progress = await SyncAsync(victim);
        Assert.True((int)progress["stalls"]! >= 1, progress.ToJsonString());
        Assert.Contains("stalled the download", victim.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A fresh data dir holding the shared chain, for the honest daemon (declared before it, so deleted after it).</summary>
    private static TempDirectory SeedDataDir()
    {
        var dataDir = new TempDirectory("rustynode-honest-sync-");
        try
        {
            using var chain = ChainService.Open(Path.Combine(dataDir.Path, "regtest"), ChainParameters.Regtest);
            foreach (var block in SharedChain.Value)
            {
                Assert.True(chain.ProcessBlock(block).IsAccepted);
            }
        }
        catch
        {
            dataDir.Dispose();
            throw;
        }

        return dataDir;
    }
}
