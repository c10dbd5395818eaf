using RustyNode.Consensus.Chain;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;
using RustyNode.Protocols.Masternode.Tests.Sync;
using RustyNode.Protocols.Masternode.Tests.Testing;

namespace RustyNode.Protocols.Masternode.Tests.Network;

/// <summary>
/// Two nodes over real connections (TCP, Noise, Yamux on 127.0.0.1): A holds the chain with 1,040
/// masternodes, B holds headers only and follows the list at its best header from A (MN-7).
/// </summary>
[Collection(MasternodeChainCollection.Name)]
public sealed class ListFollowingTests(MasternodeChainFixture fixture)
{
    private static int Activation => ChainParameters.Regtest.MasternodeActivationHeight;

    [Fact]
    [Trait("Clause", "MN-7.1")]
    [Trait("Clause", "MN-7.2")]
    [Trait("Clause", "MN-6.1")]
    public async Task Headers_only_node_follows_the_list_by_diffs_and_reaches_the_committed_root_at_every_height()
    {
        using var b = new TempChain();
        await using var nodeA = await MasternodeNode.StartAsync(fixture.A);
        await using var nodeB = await MasternodeNode.StartAsync(b.Chain);
        await nodeB.ConnectAsync(nodeA.Address);

        b.TakeHeaders(fixture.A, 1, Activation - 1);
        var below = await nodeB.WaitForViewAsync(fixture.HashAt(Activation - 1));
        Assert.Equal(MasternodeListSource.Rule, below.Source);
        for (var height = Activation; height <= fixture.Tip; height++)
        {
            var hash = fixture.HashAt(height);
            var reached = nodeB.WaitForViewAsync(hash);
            b.TakeHeaders(fixture.A, height, height);
            var view = await reached;
            Assert.Equal(MasternodeListSource.Diff, view.Source);
            Assert.Equal(fixture.Roots[height], view.List.Root);
        }

        var stats = nodeB.Behaviour.SyncStats;
        Assert.Equal(fixture.Tip - Activation + 1, stats.DiffSyncs);
        Assert.Equal(0, stats.FullSyncs);
        Assert.Equal(0, stats.Refused);
        Assert.Equal(1_040, stats.View.List.Count);
        Assert.Equal(fixture.Tip, stats.LastDiff!.Height);
        Assert.Equal(nodeA.PeerId, stats.LastDiff.Peer);
        Assert.Empty(nodeB.Reports.Reports);
    }

    [Fact]
    [Trait("Clause", "MN-7.2")]
    [Trait("Clause", "MN-7.3")]
    public async Task A_node_behind_by_many_blocks_takes_one_diff_from_its_last_list_and_a_reorganised_header_chain_diffs_from_the_common_list()
    {
        using var b = new TempChain();
        await using var nodeA = await MasternodeNode.StartAsync(fixture.A);
        await using var nodeB = await MasternodeNode.StartAsync(b.Chain);
        await nodeB.ConnectAsync(nodeA.Address);

        var middle = fixture.Tip - 3;
        var first = nodeB.WaitForViewAsync(fixture.HashAt(middle));
        b.TakeHeaders(fixture.A, 1, middle);
        Assert.Equal(fixture.Roots[middle], (await first).List.Root);
        var firstDiff = nodeB.Behaviour.SyncStats.LastDiff!;
        Assert.Equal(1_000, firstDiff.Changes);

        var tip = nodeB.WaitForViewAsync(fixture.HashAt(fixture.Tip));
        b.TakeHeaders(fixture.A, middle + 1, fixture.Tip);
        Assert.Equal(fixture.Roots[fixture.Tip], (await tip).List.Root);
        var secondDiff = nodeB.Behaviour.SyncStats.LastDiff!;
        Assert.Equal(2, nodeB.Behaviour.SyncStats.DiffSyncs);
        Assert.True(secondDiff.Bytes < firstDiff.Bytes / 5, $"the second diff ({secondDiff.Bytes} bytes) is not much smaller than the first ({firstDiff.Bytes})");
        Assert.True(nodeB.Behaviour.TryGetHeldList(fixture.HashAt(middle), out var kept));
        Assert.Equal(fixture.Roots[middle], kept.List.Root);
    }

    [Fact]
    [Trait("Clause", "MN-7.2")]
    public async Task When_the_peer_refuses_the_diff_the_full_list_is_fetched_chunk_by_chunk_and_checked()
    {
        using var b = new TempChain();
        await using var scripted = await ScriptedMasternodePeer.StartAsync();
        scripted.Answer = (request, _) => Task.FromResult<IMasternodeMessage?>(request switch
        {
            MasternodeListRequest list => MasternodeSyncMessages.Chunk(fixture.A.GetMasternodeListAt(list.BlockHash)!, list.ChunkIndex),
            _ => null,
        });
        await using var nodeB = await MasternodeNode.StartAsync(b.Chain);
        await nodeB.ConnectAsync(scripted.Address);

        var reached = nodeB.WaitForViewAsync(fixture.HashAt(fixture.Tip));
        b.TakeHeaders(fixture.A, 1, fixture.Tip);
        var view = await reached;

        Assert.Equal(MasternodeListSource.Full, view.Source);
        Assert.Equal(fixture.Roots[fixture.Tip], view.List.Root);
        var full = nodeB.Behaviour.SyncStats.LastFull!;
        Assert.Equal(1_040, full.Entries);
        var entryBytes = fixture.A.GetMasternodeListAt(fixture.HashAt(fixture.Tip))!.Entries.Sum(e => (long)e.Size);
        Assert.True(full.Bytes > entryBytes, $"{full.Bytes} bytes for 1,040 entries of {entryBytes} bytes");
        Assert.Contains(scripted.Asked, m => m is MasternodeListSyncRequest);
        Assert.Equal(1, scripted.Asked.Count(m => m is MasternodeListRequest));
        Assert.Empty(nodeB.Reports.Reports);
    }

    [Fact]
    [Trait("Clause", "MN-7.4")]
    public async Task A_list_fetched_for_a_header_is_compared_with_the_one_the_chain_computes_when_the_block_connects()
    {
        using var b = new TempChain();
        await using var nodeA = await MasternodeNode.StartAsync(fixture.A);
        await using var nodeB = await MasternodeNode.StartAsync(b.Chain);
        await nodeB.ConnectAsync(nodeA.Address);

        var target = 160;
        var reached = nodeB.WaitForViewAsync(fixture.HashAt(target));
        b.TakeHeaders(fixture.A, 1, target);
        Assert.Equal(MasternodeListSource.Diff, (await reached).Source);

        for (var height = 1; height <= target; height++)
        {
            Assert.True(b.Chain.ProcessBlock(fixture.A.GetBlock(fixture.HashAt(height))!).IsAccepted);
        }

        var stats = nodeB.Behaviour.SyncStats;
        Assert.Equal(1, stats.CrossChecks);
        Assert.Equal(0, stats.CrossCheckMismatches);
        Assert.Equal(MasternodeListSource.Chain, nodeB.Behaviour.View.Source);
        Assert.Equal(fixture.Roots[target], nodeB.Behaviour.View.List.Root);
    }
}
