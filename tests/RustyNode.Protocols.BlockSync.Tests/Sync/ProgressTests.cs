using Microsoft.Extensions.Logging;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Sync;

/// <summary>Progress reports and the periodic log line (BS-8.1, BS-8.2); the penalty table (BS-7.1).</summary>
public class ProgressTests
{
    [Fact]
    [Trait("Clause", "BS-8.1")]
    [Trait("Clause", "BS-8.2")]
    public async Task Progress_is_logged_every_ten_seconds_while_syncing_and_reports_where_sync_stands()
    {
        var blocks = Chains.Long.Take(300).ToList();
        await using var node = new SyncHarness();
        Assert.Equal("idle", node.Manager.Progress.State);
        node.Manager.Start();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peer = await node.ConnectAsync(blocks, intercept: _ => async request =>
        {
            if (request is BlockRequestByHash)
            {
                await release.Task;
            }

            return null;
        });
        await node.WaitAsync(() => node.Manager.Progress is { State: "blocks", InFlight: 16 }, "the download to start");
        var progress = node.Manager.Progress;
        Assert.Equal((0, 300, 300, 1, 0.0), (progress.Height, progress.Headers, progress.TargetHeight, progress.Peers, progress.Percent));
        Assert.Null(progress.SyncPeer);
        Assert.Equal(TimeSpan.FromSeconds(2), progress.StallTimeout);
        Assert.Equal(300, progress.LastHeaderSync?.Headers);

        Assert.Empty(ProgressLines(node));
        node.Clock.Advance(TimeSpan.FromSeconds(10));
        await node.WaitAsync(() => ProgressLines(node).Count == 1, "a progress line");
        Assert.Contains("height 0 of 300", ProgressLines(node)[0], StringComparison.Ordinal);

        release.SetResult();
        await node.WaitForTipOfAsync(peer);
        await node.WaitAsync(() => node.Manager.Progress.State == "synced", "the synced state");
        node.Clock.Advance(TimeSpan.FromSeconds(10));
        await node.WaitAsync(() => node.Manager.Progress is { State: "synced", Height: 300, Percent: 100, BlocksPerSecond: > 0 }, "synced with a block rate");
        Assert.Equal(300, node.Manager.Progress.BlocksReceived);
        Assert.Single(ProgressLines(node));
    }

    [Fact]
    [Trait("Clause", "BS-7.1")]
    public void Every_reason_has_its_weight()
    {
        Assert.Equal(-200, BlockSyncPenalties.WeightOf(BlockSyncPenalties.BadProofOfWork));
        Assert.Equal(-200, BlockSyncPenalties.WeightOf(BlockSyncPenalties.InvalidHeader));
        Assert.Equal(-200, BlockSyncPenalties.WeightOf(BlockSyncPenalties.InvalidBlock));
        Assert.Equal(-20, BlockSyncPenalties.WeightOf(BlockSyncPenalties.HeaderFromTheFuture));
        Assert.Equal(-20, BlockSyncPenalties.WeightOf(BlockSyncPenalties.HeadersDoNotConnect));
        Assert.Equal(-20, BlockSyncPenalties.WeightOf(BlockSyncPenalties.UnrequestedData));
        Assert.Equal(-20, BlockSyncPenalties.WeightOf(BlockSyncPenalties.MalformedMessage));
        Assert.Equal(-20, BlockSyncPenalties.WeightOf(BlockSyncPenalties.LowWorkHeaderChain));
        Assert.Equal(-50, BlockSyncPenalties.WeightOf(BlockSyncPenalties.OversizedReply));
        Assert.Equal(-5, BlockSyncPenalties.WeightOf(BlockSyncPenalties.StalledDownload));
        Assert.Equal(BlockSyncPenalties.HeaderFromTheFuture, BlockSyncPenalties.ForHeader(Consensus.RejectReason.TimeTooNew));
        Assert.Equal(BlockSyncPenalties.InvalidHeader, BlockSyncPenalties.ForHeader(Consensus.RejectReason.BadDifficulty));
        Assert.Throws<ArgumentException>(() => BlockSyncPenalties.WeightOf("something else"));
    }

    private static List<string> ProgressLines(SyncHarness node) =>
        [.. node.Logger.Entries.Where(e => e.Id.Id == 6000 && e.Level == LogLevel.Information).Select(e => e.Message)];
}
