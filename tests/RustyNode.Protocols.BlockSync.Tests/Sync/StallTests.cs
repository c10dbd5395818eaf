using Microsoft.Extensions.Time.Testing;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Sync;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Sync;

/// <summary>Stall detection and the adaptive timeout (BS-5.6, BS-5.7), on a fake clock.</summary>
public class StallTests
{
    private static readonly PeerId Slow = Ed25519PrivateKey.FromSeedNumber(1).PeerId;
    private static readonly PeerId Fast = Ed25519PrivateKey.FromSeedNumber(2).PeerId;

    [Fact]
    [Trait("Clause", "BS-5.6")]
    public async Task Peer_that_holds_up_the_window_is_detected_and_its_blocks_fetched_from_another()
    {
        var blocks = Chains.Long.Take(200).ToList();
        await using var node = new SyncHarness();
        node.Manager.Start();
        var staller = await node.ConnectAsync(blocks, intercept: _ => async request =>
        {
            if (request is BlockRequestByHash)
            {
                await Task.Delay(Timeout.Infinite);
            }

            return null;
        });
        await node.WaitAsync(() => node.Manager.Progress.InFlight == 16, "the staller's blocks in flight");

        // Later (on the fake clock) a faster peer delivers what it is given, but block 1 waits on the staller.
        node.Clock.Advance(TimeSpan.FromMilliseconds(100));
        var honest = await node.ConnectAsync(blocks);
        await node.WaitAsync(() => node.Manager.Progress.Buffered > 0, "blocks waiting behind block 1");
        Assert.Equal(0, node.Chain.Service.Tip.Height);
        Assert.Equal(0, node.Manager.Progress.Stalls);

        node.Clock.Advance(TimeSpan.FromSeconds(2));
        await node.WaitForTipOfAsync(honest);
        Assert.Equal(1, node.Manager.Progress.Stalls);
        Assert.Equal([BlockSyncPenalties.StalledDownload], node.Network.ReasonsFor(staller.Id));
        Assert.Equal(-5, node.Network.Reports.Single().Weight);
    }

    [Fact]
    [Trait("Clause", "BS-5.6")]
    public void No_stall_while_no_other_peer_has_delivered_since_the_request()
    {
        var clock = new FakeTimeProvider();
        var scheduler = new BlockDownloadScheduler(16, new StallTimeout(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(64)), clock);
        scheduler.AddPeer(Slow);
        scheduler.AddPeer(Fast);
        scheduler.SetAvailableHeight(Slow, 100);
        scheduler.SetAvailableHeight(Fast, 100);
        var plans = scheduler.Assign(Wanted(1, 40), _ => false);
        var slowPlan = plans.Single(p => p.Blocks[0].Height == 1);
        var next = slowPlan.Blocks[0].Hash;

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(scheduler.CheckStall(next));

        var fastPlan = plans.Single(p => p != slowPlan);
        scheduler.Complete(fastPlan, fastPlan.Blocks.Count);
        var stall = scheduler.CheckStall(next);
        Assert.NotNull(stall);
        Assert.Equal((slowPlan.Peer, 1, 16), (stall.Peer, stall.Height, stall.Released));
        Assert.False(scheduler.IsInFlight(next));

        // The staller gets nothing until its request ends; then it may be asked again.
        Assert.DoesNotContain(scheduler.Assign(Wanted(1, 40), _ => false), p => p.Peer == slowPlan.Peer);
        scheduler.Complete(slowPlan, 0);
        Assert.Contains(scheduler.Assign(Wanted(1, 80), _ => false), p => p.Peer == slowPlan.Peer);
    }

    [Fact]
    [Trait("Clause", "BS-5.7")]
    public void Stall_timeout_starts_at_two_seconds_doubles_to_64_and_shrinks_by_15_percent_on_timely_responses()
    {
        var timeout = new StallTimeout(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(64));
        Assert.Equal(TimeSpan.FromSeconds(2), timeout.Current);
        timeout.OnStall();
        Assert.Equal(TimeSpan.FromSeconds(4), timeout.Current);
        for (var i = 0; i < 10; i++)
        {
            timeout.OnStall();
        }

        Assert.Equal(TimeSpan.FromSeconds(64), timeout.Current);
        timeout.OnResponse(TimeSpan.FromSeconds(65));
        Assert.Equal(TimeSpan.FromSeconds(64), timeout.Current);
        timeout.OnResponse(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(64 * 0.85), timeout.Current);
        for (var i = 0; i < 50; i++)
        {
            timeout.OnResponse(TimeSpan.Zero);
        }

        Assert.Equal(TimeSpan.FromSeconds(2), timeout.Current);
    }

    [Fact]
    [Trait("Clause", "BS-5.7")]
    public void Scheduler_doubles_the_timeout_at_a_stall_and_timely_deliveries_bring_it_down()
    {
        var clock = new FakeTimeProvider();
        var scheduler = new BlockDownloadScheduler(16, new StallTimeout(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(64)), clock);
        scheduler.AddPeer(Slow);
        scheduler.AddPeer(Fast);
        scheduler.SetAvailableHeight(Slow, 1_000);
        scheduler.SetAvailableHeight(Fast, 1_000);
        var plans = scheduler.Assign(Wanted(1, 32), _ => false);
        var slowPlan = plans.Single(p => p.Blocks[0].Height == 1);
        clock.Advance(TimeSpan.FromSeconds(1));
        var fastPlan = plans.Single(p => p != slowPlan);
        scheduler.Complete(fastPlan, 16);
        Assert.Equal(TimeSpan.FromSeconds(2), scheduler.Timeout.Current);
        Assert.Null(scheduler.CheckStall(slowPlan.Blocks[0].Hash));

        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.NotNull(scheduler.CheckStall(slowPlan.Blocks[0].Hash));
        Assert.Equal(TimeSpan.FromSeconds(4), scheduler.Timeout.Current);
        Assert.Equal(1, scheduler.Stalls);

        var again = scheduler.Assign(Wanted(1, 32), _ => false).Single();
        clock.Advance(TimeSpan.FromSeconds(1));
        scheduler.Complete(again, again.Blocks.Count);
        Assert.Equal(TimeSpan.FromSeconds(3.4), scheduler.Timeout.Current);
    }

    private static List<BlockRef> Wanted(int from, int to) =>
        [.. Enumerable.Range(from, to - from + 1).Select(h => new BlockRef(new Hash256(BitConverter.GetBytes((long)h).Concat(new byte[24]).ToArray()), h))];
}
