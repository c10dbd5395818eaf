using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Protection;

/// <summary>
/// The flood test of the issue: a peer sending ten times its byte budget is slowed, then banned,
/// while an honest peer on the same node completes every request; a restarted node still
/// refuses the banned peer.
/// </summary>
public class FloodTests
{
    private const int Budget = 256 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Clause", "PROT-2.3")]
    [Trait("Clause", "PROT-2.4")]
    [Trait("Clause", "PROT-4.1")]
    [Trait("Clause", "PROT-4.2")]
    public async Task A_flooder_is_slowed_then_banned_while_an_honest_peer_is_served_and_the_ban_survives_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("rustynode-flood-").FullName;
        var options = new ProtectionOptions
        {
            BytesPerSecond = Budget, ByteBurst = Budget, ThrottleGrace = TimeSpan.FromSeconds(0.5), OverBudgetPenaltyPerSecond = 40, BanThreshold = -40,
        };
        var node = await ProtectedNode.StartAsync(options, dataDir: dataDir, keySeed: 7);
        await using var flooder = await ProtectedNode.StartAsync();
        await using var honest = await ProtectedNode.StartAsync();
        try
        {
            await honest.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
            await flooder.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

            // Ten seconds' worth of budget, sent as fast as the flooder can.
            var flood = flooder.Echo.RunAsync(node.PeerId, 10L * Budget * 10, seed: 3, CancellationToken.None);
            var banned = node.NextAsync<PeerBanned>(e => e.Peer == flooder.PeerId, Timeout);
            var answered = 0;
            while (!banned.IsCompleted)
            {
                await honest.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
                await honest.Echo.RunAsync(node.PeerId, 4096, seed: answered, CancellationToken.None).WaitAsync(Timeout);
                answered++;
            }

            var ban = await banned;
            Assert.Contains(PeerProtection.OverBudgetReason, ban.Reason, StringComparison.Ordinal);
            Assert.True(node.Protection.GetScore(flooder.PeerId)!.Throttles > 0, "the flooder was never slowed");
            Assert.True(answered > 0);
            await Assert.ThrowsAnyAsync<Exception>(() => flood.WaitAsync(Timeout));
            await ProtectedNode.EventuallyAsync(() => node.Swarm.GetConnections(flooder.PeerId).Count == 0, "the flooder's disconnection");
            await honest.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
            await Assert.ThrowsAsync<SwarmException>(() => flooder.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout));
        }
        finally
        {
            await node.DisposeAsync();
        }

        await using var restarted = await ProtectedNode.StartAsync(options, dataDir: dataDir, keySeed: 7);
        Assert.NotNull(restarted.Protection.GetBan(flooder.PeerId));
        await Assert.ThrowsAsync<SwarmException>(() => flooder.Swarm.DialAsync(restarted.Address, CancellationToken.None).WaitAsync(Timeout));
        await honest.Swarm.DialAsync(restarted.Address, CancellationToken.None).WaitAsync(Timeout);
        await honest.Ping.PingAsync(restarted.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    [Trait("Clause", "PROT-2.3")]
    [Trait("Clause", "PROT-4.1")]
    public async Task A_peer_opening_streams_ten_times_faster_than_its_budget_is_slowed_then_banned()
    {
        var options = new ProtectionOptions
        {
            MessagesPerSecond = 20, MessageBurst = 20, ThrottleGrace = TimeSpan.FromSeconds(0.5), OverBudgetPenaltyPerSecond = 40, BanThreshold = -40,
        };
        await using var node = await ProtectedNode.StartAsync(options);
        await using var flooder = await ProtectedNode.StartAsync();
        await using var honest = await ProtectedNode.StartAsync();
        await honest.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await flooder.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        var banned = node.NextAsync<PeerBanned>(e => e.Peer == flooder.PeerId, Timeout);
        using var stop = new CancellationTokenSource();

        // Two hundred pings a second, each on its own stream: ten times the message budget.
        var flood = Task.Run(async () =>
        {
            var pending = new List<Task>();
            while (!stop.IsCancellationRequested)
            {
                pending.AddRange(Enumerable.Range(0, 20).Select(_ => flooder.Ping.PingAsync(node.PeerId, stop.Token)));
                await Task.Delay(100, CancellationToken.None);
            }

            await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        });
        var answered = 0;
        while (!banned.IsCompleted)
        {
            // The honest peer stays within its budget: ten pings a second against twenty allowed.
            await honest.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
            answered++;
            await Task.Delay(100);
        }

        var ban = await banned;
        await stop.CancelAsync();
        await flood.WaitAsync(Timeout);
        Assert.Contains(PeerProtection.OverBudgetReason, ban.Reason, StringComparison.Ordinal);
        Assert.True(node.Protection.GetScore(flooder.PeerId)!.Throttles > 0);
        Assert.True(answered > 0);
        Assert.Equal(0, node.Protection.GetScore(honest.PeerId)!.Throttles);
        await ProtectedNode.EventuallyAsync(() => node.Swarm.GetConnections(flooder.PeerId).Count == 0, "the flooder's disconnection");
        await honest.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }
}
