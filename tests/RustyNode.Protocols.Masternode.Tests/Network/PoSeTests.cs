using System.Net;
using System.Threading.Channels;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Tests.Testing;

namespace RustyNode.Protocols.Masternode.Tests.Network;

/// <summary>
/// MN-10 over real swarms: A operates three masternodes, one registered at A's own listen address and
/// two at addresses where nothing listens; B follows A's headers and challenges them after every block.
/// </summary>
public sealed class PoSeTests
{
    [Fact]
    [Trait("Clause", "MN-6.3")]
    [Trait("Clause", "MN-10.1")]
    [Trait("Clause", "MN-10.2")]
    [Trait("Clause", "MN-10.5")]
    [Trait("Clause", "MN-10.6")]
    public async Task A_masternode_that_does_not_serve_is_penalised_each_block_banned_at_the_threshold_and_revived_by_its_operators_update()
    {
        using var a = new OperatedChain();
        await using var nodeA = await MasternodeNode.StartAsync(a.Chain);
        Assert.True(nodeA.ListenAddress.TryGetIPEndPoint(out var endpoint));
        var served = a.Register(1, endpoint!)[0];
        var dead = a.Register(2, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 1));
        using var b = new TempChain();
        await using var nodeB = await MasternodeNode.StartAsync(b.Chain);
        var outcomes = Channel.CreateUnbounded<(Hash256 Id, PoSeOutcome Outcome)>();
        nodeB.Behaviour.ChallengeCompleted += (entry, outcome) => outcomes.Writer.TryWrite((entry.ProTxHash, outcome));
        await nodeB.ConnectAsync(nodeA.Address);

        var reached = nodeB.WaitForViewAsync(a.Chain.BestHeader.Hash);
        b.TakeHeaders(a.Chain, 1, a.Height);
        await reached;
        int[] expected = [34, 67, 100];
        for (var round = 0; round < expected.Length; round++)
        {
            var results = await TakeAsync(outcomes, 3);
            Assert.Equal(PoSeOutcome.Answered, results[served]);
            Assert.All(dead, id => Assert.Equal(PoSeOutcome.DialFailed, results[id]));
            Assert.Equal(new PoSeStanding(0, false), nodeB.Behaviour.PoSe.Get(served));
            Assert.All(dead, id => Assert.Equal(new PoSeStanding(expected[round], round == expected.Length - 1), nodeB.Behaviour.PoSe.Get(id)));
            await NextBlockAsync(a, b, nodeB);
        }

        var afterBan = await TakeAsync(outcomes, 1);
        Assert.Equal(PoSeOutcome.Answered, afterBan[served]);
        Assert.Equal(2, nodeB.Behaviour.PoSe.BannedCount);
        Assert.Equal(new PoSeStanding(100, true), nodeB.Behaviour.PoSe.Get(dead[0]));

        await nodeA.WaitForTopicPeerAsync(nodeB.PeerId);
        Assert.NotNull(await nodeA.Behaviour.PublishUpdateAsync(dead[0], MasternodeStatus.Serving, CancellationToken.None));
        await Eventually.HoldsAsync(() => !nodeB.Behaviour.PoSe.Get(dead[0]).Banned, "the update to lift the ban");
        Assert.Equal(new PoSeStanding(0, false), nodeB.Behaviour.PoSe.Get(dead[0]));
        Assert.True(nodeB.Behaviour.PoSe.Get(dead[1]).Banned);
        Assert.Equal(0, nodeA.Behaviour.PoSeCounters.Total);
        Assert.Empty(nodeB.Reports.Reports);
    }

    private static async Task NextBlockAsync(OperatedChain a, TempChain b, MasternodeNode nodeB)
    {
        a.Mine(1);
        var reached = nodeB.WaitForViewAsync(a.Chain.BestHeader.Hash);
        b.TakeHeaders(a.Chain, a.Height, a.Height);
        await reached;
    }

    private static async Task<Dictionary<Hash256, PoSeOutcome>> TakeAsync(Channel<(Hash256 Id, PoSeOutcome Outcome)> outcomes, int count)
    {
        var results = new Dictionary<Hash256, PoSeOutcome>();
        using var bound = new CancellationTokenSource(MasternodeNode.Bound);
        while (results.Count < count)
        {
            var (id, outcome) = await outcomes.Reader.ReadAsync(bound.Token);
            Assert.True(results.TryAdd(id, outcome), $"{id} challenged twice for one block");
        }

        return results;
    }
}
