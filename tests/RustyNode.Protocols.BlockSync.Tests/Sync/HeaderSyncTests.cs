using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Sync;

/// <summary>Headers first (BS-4) against in-memory peers.</summary>
public class HeaderSyncTests
{
    [Fact]
    [Trait("Clause", "BS-4.1")]
    [Trait("Clause", "BS-4.2")]
    public async Task Headers_come_from_one_peer_in_pipelined_batches_with_a_locator_of_the_best_header()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var bestAtRequest = new List<int>();
        var peer = await node.ConnectAsync(Chains.Long, announce: false);
        peer.Intercept = request =>
        {
            if (request is GetHeaders)
            {
                bestAtRequest.Add(node.Chain.Service.BestHeaderInfo.Height);
            }

            return Task.FromResult<BlockSyncMessage?>(null);
        };
        await node.AnnounceTipAsync(peer);
        await node.WaitForTipOfAsync(peer);

        var requests = peer.Requests.OfType<GetHeaders>().ToList();
        Assert.Equal(3, requests.Count);
        Assert.Equal([ChainParameters.Regtest.GenesisHash], requests[0].Locator);

        // The second request starts after the first reply's last header and leaves before that reply is committed.
        Assert.Equal(Chains.Long[1_999].Hash, requests[1].Locator[0]);
        Assert.Equal(0, bestAtRequest[1]);
        Assert.Equal(Chains.Long[3_999].Hash, requests[2].Locator[0]);
        Assert.Equal(2_000, bestAtRequest[2]);
        Assert.Equal(4_500, node.Chain.Service.BestHeaderInfo.Height);
        Assert.Empty(node.Network.Reports);
        Assert.Equal(4_500, node.Manager.Progress.LastHeaderSync?.Headers);
    }

    [Fact]
    [Trait("Clause", "BS-4.1")]
    public async Task Locator_is_dense_near_the_best_header_then_doubles_and_ends_at_genesis()
    {
        await using var node = new SyncHarness();
        node.Chain.Add(Chains.Long.Take(1_000));
        Assert.True(node.Chain.Service.ProcessHeaders([.. Chains.Long.Skip(1_000).Take(500).Select(b => b.Header)]).IsAccepted);
        node.Manager.Start();
        var peer = await node.ConnectAsync(Chains.Long.Take(1_600));
        await node.WaitForTipOfAsync(peer);

        var locator = peer.Requests.OfType<GetHeaders>().First().Locator;
        var heights = locator.Select(h => node.Chain.Service.TryGetHeaderInfo(h, out var info) ? info.Height : -1).ToList();
        Assert.Equal([1_500, 1_499, 1_498, 1_497, 1_496, 1_495, 1_494, 1_493, 1_492, 1_491, 1_489, 1_485, 1_477], heights.Take(13));
        Assert.Equal(0, heights[^1]);
        Assert.True(heights.Count <= 101);
    }

    [Fact]
    [Trait("Clause", "BS-4.2")]
    public async Task Second_peer_with_an_unknown_tip_waits_for_the_running_session()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await node.ConnectAsync(Chains.Long.Take(3_000), announce: false);
        first.Intercept = async request =>
        {
            if (request is GetHeaders)
            {
                await release.Task;
            }

            return null;
        };
        var second = await node.ConnectAsync(Chains.Long, announce: false);
        await node.AnnounceTipAsync(first);
        await node.AnnounceTipAsync(second);
        await SyncHarness.WaitUntilAsync(() => node.Manager.Progress.SyncPeer == first.Id.ToString(), "the first session");
        Assert.Empty(second.Requests.OfType<GetHeaders>());

        release.SetResult();
        await node.WaitForTipOfAsync(second);
        Assert.NotEmpty(second.Requests.OfType<GetHeaders>());
    }

    [Fact]
    [Trait("Clause", "BS-4.3")]
    public async Task Header_with_bad_proof_of_work_is_scored_and_nothing_is_committed()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var peer = await node.ConnectAsync([], announce: false);
        var headers = Chains.Long.Take(10).Select(b => b.Header).ToList();
        headers[5] = Unmined(headers[5]);
        peer.Intercept = request => Task.FromResult<BlockSyncMessage?>(request is GetHeaders ? new Headers(headers) : null);
        await Announce(node, peer, headers[9]);

        await SyncHarness.WaitUntilAsync(() => node.Network.ReasonsFor(peer.Id).Count > 0, "a report");
        Assert.Equal([BlockSyncPenalties.BadProofOfWork], node.Network.ReasonsFor(peer.Id));
        Assert.Equal(-200, node.Network.Reports.Single().Weight);
        Assert.Equal(0, node.Chain.Service.BestHeaderInfo.Height);
    }

    [Fact]
    [Trait("Clause", "BS-4.3")]
    public async Task Headers_that_do_not_connect_are_scored()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var peer = await node.ConnectAsync([], announce: false);
        var unknownParent = Chains.Long.Skip(100).Take(5).Select(b => b.Header).ToList();
        peer.Intercept = request => Task.FromResult<BlockSyncMessage?>(request is GetHeaders ? new Headers(unknownParent) : null);
        await Announce(node, peer, unknownParent[^1]);
        await SyncHarness.WaitUntilAsync(() => node.Network.ReasonsFor(peer.Id).Count > 0, "a report");
        Assert.Equal([BlockSyncPenalties.HeadersDoNotConnect], node.Network.ReasonsFor(peer.Id));

        var gap = Chains.Long.Take(6).Select(b => b.Header).Where((_, i) => i != 3).ToList();
        var other = await node.ConnectAsync([], announce: false);
        other.Intercept = request => Task.FromResult<BlockSyncMessage?>(request is GetHeaders ? new Headers(gap) : null);
        await Announce(node, other, gap[^1]);
        await SyncHarness.WaitUntilAsync(() => node.Network.ReasonsFor(other.Id).Count > 0, "a report");
        Assert.Equal([BlockSyncPenalties.HeadersDoNotConnect], node.Network.ReasonsFor(other.Id));
        Assert.Equal(0, node.Chain.Service.BestHeaderInfo.Height);
    }

    internal static Task Announce(SyncHarness node, FakePeer peer, BlockHeader tip) =>
        node.Manager.OnAnnouncementAsync(peer.Id, new HeaderAnnouncement([tip]), CancellationToken.None);

    /// <summary>The header with a nonce whose hash misses regtest's target (about half of all nonces do).</summary>
    internal static BlockHeader Unmined(BlockHeader header)
    {
        for (var nonce = header.Nonce + 1; ; nonce++)
        {
            var candidate = header.WithNonce(nonce);
            if (!ProofOfWork.Check(candidate.Hash, candidate.Bits, ChainParameters.Regtest))
            {
                return candidate;
            }
        }
    }
}
