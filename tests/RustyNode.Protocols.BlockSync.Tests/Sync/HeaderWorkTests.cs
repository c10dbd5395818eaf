using System.Numerics;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Sync;

/// <summary>The work threshold and the pending bound of header sync (BS-4.4, BS-4.5).</summary>
public class HeaderWorkTests
{
    private static readonly BigInteger WorkPerHeader = CompactTarget.WorkForBits(ChainParameters.Regtest.PowLimitBits);

    [Fact]
    [Trait("Clause", "BS-4.4")]
    public async Task Chain_with_less_work_than_our_tip_is_never_committed_nor_scored()
    {
        await using var node = new SyncHarness();
        node.Chain.Add(Chains.Generator("ours").Build(60));
        node.Manager.Start();
        var lighter = await node.ConnectAsync(Chains.Generator("lighter").Build(40));

        await SyncHarness.WaitUntilAsync(() => lighter.Requests.Count(r => r is GetHeaders) == 1 && node.Manager.Progress.SyncPeer is null, "the session to end");
        Assert.False(node.Chain.Service.HasHeader(lighter.Chain.Service.Tip.Hash));
        Assert.False(node.Chain.Service.HasHeader(lighter.Chain.Service.GetActiveHeader(1)!.Hash));
        Assert.Equal(60, node.Chain.Service.BestHeaderInfo.Height);
        Assert.Empty(node.Network.Reports);
    }

    [Fact]
    [Trait("Clause", "BS-4.4")]
    public async Task Chain_below_the_minimum_chain_work_waits_and_one_above_it_is_committed()
    {
        await using var node = new SyncHarness(new BlockSyncOptions { MinimumChainWork = WorkPerHeader * 101 });
        node.Manager.Start();
        var blocks = Chains.Generator("minimum").Build(150);
        var shortPeer = await node.ConnectAsync(blocks.Take(80));
        await SyncHarness.WaitUntilAsync(() => shortPeer.Requests.Any(r => r is GetHeaders) && node.Manager.Progress.SyncPeer is null, "the session to end");
        Assert.Equal(0, node.Chain.Service.BestHeaderInfo.Height);

        var longPeer = await node.ConnectAsync(blocks);
        await node.WaitForTipOfAsync(longPeer);
        Assert.Empty(node.Network.Reports);
    }

    [Fact]
    [Trait("Clause", "BS-4.4")]
    public async Task Header_that_breaks_a_chain_rule_is_scored_as_invalid_and_not_committed()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var peer = await node.ConnectAsync([], announce: false);
        var good = Chains.Long[0].Header;
        var harder = ProofOfWork.Mine(new BlockHeader(good.Version, good.PreviousHash, good.MerkleRoot, good.Time, 0x207ffffe, 0), ChainParameters.Regtest);
        await HeaderSyncTests.Announce(node, peer, harder);

        Assert.Equal([BlockSyncPenalties.InvalidHeader], node.Network.ReasonsFor(peer.Id));
        Assert.Equal(-200, node.Network.Reports.Single().Weight);
        Assert.False(node.Chain.Service.HasHeader(harder.Hash));
    }

    [Fact]
    [Trait("Clause", "BS-4.5")]
    public async Task Chain_that_outgrows_the_pending_bound_without_enough_work_ends_with_a_penalty()
    {
        await using var node = new SyncHarness(new BlockSyncOptions { MinimumChainWork = WorkPerHeader * 1_000_000 });
        node.Manager.Start();
        var headers = new HeaderList([.. Chains.Generator("spam").Build(BlockSyncLimits.MaxPendingHeaders + 1).Select(b => b.Header)]);
        var peer = await node.ConnectAsync([], announce: false);
        peer.Intercept = headers.Answer;
        await HeaderSyncTests.Announce(node, peer, headers.Headers[^1]);

        await SyncHarness.WaitUntilAsync(() => !node.Network.Reports.IsEmpty, "a report");
        Assert.Equal([BlockSyncPenalties.LowWorkHeaderChain], node.Network.ReasonsFor(peer.Id));
        Assert.Equal(26, peer.Requests.Count(r => r is GetHeaders));
        Assert.Equal(0, node.Chain.Service.BestHeaderInfo.Height);
        Assert.False(node.Chain.Service.HasHeader(headers.Headers[0].Hash));
    }
}
