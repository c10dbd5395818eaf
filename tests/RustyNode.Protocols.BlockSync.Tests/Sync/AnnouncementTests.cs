using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Sync;

/// <summary>Announcing tips both ways (BS-4.6).</summary>
public class AnnouncementTests
{
    [Fact]
    [Trait("Clause", "BS-4.6")]
    public async Task Node_announces_its_tip_on_connection_and_new_blocks_with_the_headers_the_peer_lacks()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var peer = await node.ConnectAsync([], announce: false);
        await SyncHarness.WaitUntilAsync(() => Announcements(peer).Count == 1, "the announcement on connection");
        Assert.Equal(node.Chain.Service.Tip.Hash, Announcements(peer)[0].Items[^1].Hash);

        var blocks = Chains.Generator("announce").Build(40);
        node.Chain.Add(blocks.Take(3));
        node.Clock.Advance(TimeSpan.FromMilliseconds(300));
        await SyncHarness.WaitUntilAsync(() => Announcements(peer).Count == 2, "the announcement of three blocks");
        Assert.Equal(blocks.Take(3).Select(b => b.Hash), Announcements(peer)[1].Items.Select(h => h.Hash));

        // Twenty more: more than sixteen the peer lacks, so the tip alone.
        node.Chain.Add(blocks.Skip(3).Take(20));
        node.Clock.Advance(TimeSpan.FromMilliseconds(300));
        await SyncHarness.WaitUntilAsync(() => Announcements(peer).Count == 3, "the announcement of the new tip");
        Assert.Equal(blocks[22].Hash, Assert.Single(Announcements(peer)[2].Items).Hash);
    }

    [Fact]
    [Trait("Clause", "BS-4.6")]
    public async Task One_announcement_in_flight_per_peer_and_the_next_one_carries_the_latest_tip()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = await node.ConnectAsync([], announce: false);
        peer.Intercept = async request =>
        {
            if (request is HeaderAnnouncement)
            {
                await release.Task;
            }

            return null;
        };
        await SyncHarness.WaitUntilAsync(() => Announcements(peer).Count == 1, "the first announcement");
        var blocks = Chains.Generator("paced").Build(5);
        foreach (var block in blocks)
        {
            node.Chain.Add([block]);
            node.Clock.Advance(TimeSpan.FromMilliseconds(300));
        }

        Assert.Single(Announcements(peer));
        release.SetResult();
        node.Clock.Advance(TimeSpan.FromMilliseconds(300));
        await SyncHarness.WaitUntilAsync(() => Announcements(peer).Count == 2, "the second announcement");
        Assert.Equal(blocks[^1].Hash, Announcements(peer)[1].Items[^1].Hash);
    }

    [Fact]
    [Trait("Clause", "BS-4.6")]
    public async Task Announced_headers_that_connect_are_committed_and_their_blocks_fetched_from_the_announcer()
    {
        await using var node = new SyncHarness();
        var blocks = Chains.Generator("follow").Build(30);
        node.Chain.Add(blocks.Take(20));
        node.Manager.Start();
        var peer = await node.ConnectAsync(blocks, announce: false);
        await node.Manager.OnAnnouncementAsync(peer.Id, new HeaderAnnouncement([.. blocks.Skip(20).Take(10).Select(b => b.Header)]), CancellationToken.None);

        Assert.Equal(30, node.Chain.Service.BestHeaderInfo.Height);
        await node.WaitForTipOfAsync(peer);
        Assert.Empty(peer.Requests.OfType<GetHeaders>());
        Assert.Equal(10, peer.BlocksServed);
    }

    [Fact]
    [Trait("Clause", "BS-4.6")]
    public async Task Announced_tip_that_does_not_connect_starts_header_sync_with_the_announcer()
    {
        await using var node = new SyncHarness();
        node.Manager.Start();
        var peer = await node.ConnectAsync(Chains.Generator("far").Build(50), announce: false);
        Assert.Empty(peer.Requests.OfType<GetHeaders>());
        await node.AnnounceTipAsync(peer);
        await node.WaitForTipOfAsync(peer);
        Assert.Single(peer.Requests.OfType<GetHeaders>());
    }

    private static List<HeaderAnnouncement> Announcements(FakePeer peer) => [.. peer.Requests.OfType<HeaderAnnouncement>()];
}
