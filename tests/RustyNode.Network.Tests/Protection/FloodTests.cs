using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.Protection;

/// <summary>
/// Floods against a node whose protection runs on a fake clock (budgets refill only when the test
/// says so): a peer that keeps opening streams past its budget is slowed, then banned, while an
/// honest peer is served, and the ban survives a restart; a peer pushing bytes on one stream is
/// slowed by flow control and never penalised; what we asked for is never charged.
/// </summary>
public class FloodTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Clause", "PROT-2.3")]
    [Trait("Clause", "PROT-2.4")]
    [Trait("Clause", "PROT-4.1")]
    [Trait("Clause", "PROT-4.2")]
    public async Task A_peer_opening_streams_past_its_budget_is_slowed_then_banned_while_an_honest_peer_is_served_and_the_ban_survives_a_restart()
    {
        using var dataDir = new TempDirectory("rustynode-flood-");
        var options = new ProtectionOptions
        {
            MessagesPerSecond = 20, MessageBurst = 20, ExcessAllowance = TimeSpan.FromSeconds(0.5), ExcessPenalty = 10, BanThreshold = -40,
        };
        var node = await ProtectedNode.StartAsync(options, dataDir: dataDir.Path, keySeed: 7);
        await using var flooder = await ProtectedNode.StartAsync();
        await using var honest = await ProtectedNode.StartAsync();
        try
        {
            await honest.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
            await flooder.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
            var banned = node.NextAsync<PeerBanned>(e => e.Peer == flooder.PeerId, Timeout);

            // Twenty-five pings at once, each on its own stream, while the node's clock stands still:
            // five past the burst, within the allowance (a quarter second owed), so the node slows
            // the flooder (accepts no more of its streams) and penalises nothing yet.
            using var stop = new CancellationTokenSource();
            var first = Enumerable.Range(0, 25).Select(_ => flooder.Ping.PingAsync(node.PeerId, stop.Token)).ToList();
            await ProtectedNode.EventuallyAsync(() => node.Protection.GetScore(flooder.PeerId)?.Throttles > 0, "the flooder being slowed");
            Assert.Equal(0, node.Protection.GetScore(flooder.PeerId)!.ExcessMessages);

            // Then 175 more: ten times the burst in all, and nothing of the budget comes back. The
            // muxer charges each stream as it comes, so past the allowance each is penalised until
            // the ban. (Flooded all at once, the ban could come before the node had slowed anything:
            // streams are charged as the muxer reads them, and slowed as they are accepted.)
            var flood = Task.WhenAll(first.Concat(Enumerable.Range(0, 175).Select(_ => flooder.Ping.PingAsync(node.PeerId, stop.Token))));

            // The honest peer stays within its own budget and is answered throughout.
            for (var i = 0; i < 5; i++)
            {
                await honest.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
            }

            var ban = await banned;
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => flood.WaitAsync(Timeout));
            Assert.Contains(PeerProtection.OverBudgetReason, ban.Reason, StringComparison.Ordinal);
            var score = node.Protection.GetScore(flooder.PeerId)!;
            Assert.True(score.ExcessMessages >= 4, $"{score.ExcessMessages} excess streams");
            Assert.Equal(0, node.Protection.GetScore(honest.PeerId)!.Throttles);
            Assert.Equal(0, node.Protection.GetReputation(honest.PeerId));
            await ProtectedNode.EventuallyAsync(() => node.Swarm.GetConnections(flooder.PeerId).Count == 0, "the flooder's disconnection");
            await honest.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
            await Assert.ThrowsAsync<SwarmException>(() => flooder.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout));
        }
        finally
        {
            await node.DisposeAsync();
        }

        await using var restarted = await ProtectedNode.StartAsync(options, dataDir: dataDir.Path, keySeed: 7);
        Assert.NotNull(restarted.Protection.GetBan(flooder.PeerId));
        await Assert.ThrowsAsync<SwarmException>(() => flooder.Swarm.DialAsync(restarted.Address, CancellationToken.None).WaitAsync(Timeout));
        await honest.Swarm.DialAsync(restarted.Address, CancellationToken.None).WaitAsync(Timeout);
        await honest.Ping.PingAsync(restarted.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }

    [Theory]
    [Trait("Clause", "PROT-2.2")]
    [Trait("Clause", "PROT-2.3")]
    [InlineData("yamux")]
    [InlineData("mplex")]
    public async Task A_peer_pushing_bytes_on_its_stream_is_slowed_by_flow_control_and_never_penalised(string muxer)
    {
        const int Budget = 64 * 1024;
        var options = new ProtectionOptions { BytesPerSecond = Budget, ByteBurst = Budget, ExcessPenalty = 40, BanThreshold = -40 };
        await using var node = await ProtectedNode.StartAsync(options, muxer: muxer);
        await using var sender = await ProtectedNode.StartAsync(muxer: muxer);
        await sender.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

        // Sixty-four seconds' worth of budget on one stream the sender opened, echoed back.
        var echo = sender.Echo.RunAsync(node.PeerId, 64L * Budget, seed: 3, CancellationToken.None);
        await ProtectedNode.EventuallyAsync(() => node.Protection.GetScore(sender.PeerId)?.Throttles > 0, "the sender being slowed");
        Assert.False(echo.IsCompleted);

        // The clock gives the budget back, and the transfer finishes, intact (RunAsync checks every byte).
        await node.AdvanceUntilAsync(TimeSpan.FromSeconds(4), () => echo.IsCompleted, "the echo to finish");
        await echo.WaitAsync(Timeout);
        var score = node.Protection.GetScore(sender.PeerId)!;
        Assert.Equal(0, score.ExcessMessages);
        Assert.Equal(0, node.Protection.GetReputation(sender.PeerId));
        Assert.Single(node.Swarm.GetConnections(sender.PeerId));
    }

    [Theory]
    [Trait("Clause", "PROT-2.2")]
    [InlineData("yamux")]
    [InlineData("mplex")]
    public async Task What_we_asked_for_is_never_charged_or_delayed(string muxer)
    {
        // The client's byte budget is tiny and its clock stands still; the node sends it far more on
        // a stream the client opened.
        var options = new ProtectionOptions { BytesPerSecond = 1024, ByteBurst = 1024 };
        await using var node = await ProtectedNode.StartAsync(muxer: muxer);
        await using var client = await ProtectedNode.StartAsync(options, muxer: muxer);
        await client.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

        await client.Echo.RunAsync(node.PeerId, 8L * 1024 * 1024, seed: 5, CancellationToken.None).WaitAsync(Timeout);

        var score = client.Protection.GetScore(node.PeerId)!;
        Assert.True(score.BytesIn >= 8L * 1024 * 1024, $"{score.BytesIn} bytes counted");
        Assert.Equal(0, score.Throttles);
        Assert.Equal(0, client.Protection.GetReputation(node.PeerId));
    }
}
