using RustyNode.Consensus.Service;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Sync;

/// <summary>A heavier branch from a peer replaces the active chain in one step (BS-6).</summary>
public class ReorganisationTests
{
    [Fact]
    [Trait("Clause", "BS-6.1")]
    [Trait("Clause", "BS-6.2")]
    public async Task Heavier_fork_replaces_the_chain_in_one_update_and_the_new_tip_is_announced()
    {
        var generator = Chains.Generator("reorg");
        var common = generator.Build(104, spendsPerBlock: 1);
        var fork = generator.Clone();
        var ours = generator.Build(6, spendsPerBlock: 1);
        var theirs = fork.Build(10, spendsPerBlock: 2);

        await using var node = new SyncHarness();
        node.Chain.Add([.. common, .. ours]);
        var updates = new List<ChainUpdatedEventArgs>();
        node.Chain.Service.ChainUpdated += (_, e) =>
        {
            lock (updates)
            {
                updates.Add(e);
            }
        };
        node.Manager.Start();
        var follower = await node.ConnectAsync([.. common, .. ours]);
        var heavier = await node.ConnectAsync([.. common, .. theirs]);
        await node.WaitForTipOfAsync(heavier);

        ChainUpdatedEventArgs reorg;
        lock (updates)
        {
            reorg = Assert.Single(updates, u => u.Update.Disconnected.Count > 0);
        }

        // All six of our blocks left in the one update that brought in the branch's first blocks.
        Assert.Equal(ours.Select(b => b.Hash).Reverse(), reorg.Update.Disconnected.Select(b => b.Hash));
        Assert.Equal(theirs.Take(reorg.Update.Connected.Count).Select(b => b.Hash), reorg.Update.Connected.Select(b => b.Hash));
        Assert.True(reorg.Update.Connected.Count >= 7);
        Assert.Equal(heavier.Chain.Service.GetUtxoDigest(), node.Chain.Service.GetUtxoDigest());

        node.Clock.Advance(TimeSpan.FromSeconds(1));
        await node.WaitAsync(
            () => follower.Requests.OfType<HeaderAnnouncement>().Any(a => a.Items[^1].Hash == theirs[^1].Hash),
            "the new tip announced to the other peer");
        Assert.Empty(node.Network.Reports);
    }
}
