using System.Net;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;
using RustyNode.Protocols.Masternode.Tests.Sync;
using RustyNode.Protocols.Masternode.Tests.Testing;

namespace RustyNode.Protocols.Masternode.Tests.Network;

/// <summary>What a node serves and refuses (MN-6), and what a node following the list does with lying peers (MN-8).</summary>
[Collection(MasternodeChainCollection.Name)]
public sealed class ServingAndPenaltyTests(MasternodeChainFixture fixture)
{
    [Fact]
    [Trait("Clause", "MN-6.1")]
    [Trait("Clause", "MN-6.2")]
    public async Task A_node_serves_chunks_and_diffs_of_its_active_chain_and_resets_everything_else()
    {
        await using var nodeA = await MasternodeNode.StartAsync(fixture.A);
        await using var client = await ScriptedMasternodePeer.StartAsync();
        await client.ConnectAsync(nodeA.Address);
        var tip = fixture.HashAt(fixture.Tip);

        var chunk = Assert.IsType<MasternodeListResponse>(await AskAsync(new MasternodeListRequest(tip, 0)));
        Assert.Equal((1u, 1_040u, 1_040), (chunk.ChunkCount, chunk.TotalEntries, chunk.Entries.Count));
        var diff = Assert.IsType<MasternodeListSync>(await AskAsync(new MasternodeListSyncRequest(fixture.HashAt(fixture.Tip - 2), fixture.HashAt(fixture.Tip - 1))));
        Assert.Equal(50, diff.Added.Count + diff.Updated.Count + diff.Removed.Count);

        await RefusedAsync(new MasternodeListRequest(tip, 1));
        await RefusedAsync(new MasternodeListRequest(Hashes.DoubleSha256("no such block"u8), 0));
        await RefusedAsync(new MasternodeListRequest(fixture.HashAt(ChainParameters.Regtest.MasternodeActivationHeight - 1), 0));
        await RefusedAsync(new MasternodeListSyncRequest(tip, fixture.HashAt(fixture.Tip - 1)));
        await RefusedAsync(new PoSeChallenge(chunk.Entries[0].ProTxHash, Hashes.DoubleSha256("nonce"u8), tip));
        Assert.Empty(nodeA.Reports.Reports);

        Task<IMasternodeMessage> AskAsync(IMasternodeMessage request) => client.Requests.SendRequestAsync(nodeA.PeerId, request, CancellationToken.None).WaitAsync(MasternodeNode.Bound);

        async Task RefusedAsync(IMasternodeMessage request) =>
            Assert.Equal(RequestFailure.Refused, (await Assert.ThrowsAsync<RequestFailedException>(() => AskAsync(request))).Reason);
    }

    [Fact]
    [Trait("Clause", "MN-8.1")]
    [Trait("Clause", "MN-8.2")]
    public async Task Peers_answering_a_forged_diff_or_the_wrong_message_are_scored_and_the_list_comes_from_an_honest_peer()
    {
        using var b = new TempChain();
        await using var liar = await ScriptedMasternodePeer.StartAsync();
        liar.Answer = (request, _) => Task.FromResult<IMasternodeMessage?>(request is MasternodeListSyncRequest ask ? Forged(ask) : null);
        await using var confused = await ScriptedMasternodePeer.StartAsync();
        confused.Answer = (request, _) => Task.FromResult<IMasternodeMessage?>(
            new PoSeResponse(Hashes.DoubleSha256("x"u8), Hashes.DoubleSha256("y"u8), Hashes.DoubleSha256("z"u8), [0x30]));
        await using var nodeA = await MasternodeNode.StartAsync(fixture.A);
        await using var nodeB = await MasternodeNode.StartAsync(b.Chain, options: new MasternodeOptions { PoSeEnabled = false });
        await nodeB.ConnectAsync(liar.Address);
        await nodeB.ConnectAsync(confused.Address);

        b.TakeHeaders(fixture.A, 1, fixture.Tip);
        await nodeB.Reports.WaitForAsync(liar.PeerId, MasternodeScoreReasons.ForgedList, MasternodeNode.Bound);
        await nodeB.Reports.WaitForAsync(confused.PeerId, MasternodeScoreReasons.MalformedMessage, MasternodeNode.Bound);
        Assert.Equal(MasternodeListSource.Rule, nodeB.Behaviour.View.Source);
        Assert.True(nodeB.Behaviour.SyncStats.Refused >= 1);

        var reached = nodeB.WaitForViewAsync(fixture.HashAt(fixture.Tip));
        await nodeB.ConnectAsync(nodeA.Address);
        Assert.Equal(fixture.Roots[fixture.Tip], (await reached).List.Root);
        Assert.Equal(nodeA.PeerId, nodeB.Behaviour.SyncStats.LastDiff!.Peer);
        Assert.DoesNotContain(nodeB.Reports.Reports, r => r.Peer == nodeA.PeerId);
        Assert.All(nodeB.Reports.Reports.Where(r => r.Peer == liar.PeerId), r => Assert.Equal((MasternodeScoreReasons.ForgedList, -50.0), (r.Reason, r.Weight)));
        Assert.All(nodeB.Reports.Reports.Where(r => r.Peer == confused.PeerId), r => Assert.Equal((MasternodeScoreReasons.MalformedMessage, -20.0), (r.Reason, r.Weight)));
    }

    /// <summary>The true diff with one added entry's service changed: its proof holds, its root does not.</summary>
    private MasternodeListSync Forged(MasternodeListSyncRequest ask)
    {
        var diff = MasternodeSyncMessages.Diff(fixture.A.GetMasternodeDiff(ask.BaseBlockHash, ask.TargetBlockHash)!)!;
        return diff with { Added = [diff.Added[0].WithService(ServiceAddress.Create(IPAddress.Parse("10.9.9.9"), 1)), .. diff.Added.Skip(1)] };
    }
}
