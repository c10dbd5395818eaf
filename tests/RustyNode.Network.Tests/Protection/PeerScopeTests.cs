using System.IO.Pipelines;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Protection;

/// <summary>Budgets and scores belong to the remote peer id, not to one of its connections.</summary>
public class PeerScopeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Clause", "PROT-1.1")]
    [Trait("Clause", "PROT-3.1")]
    public async Task Connections_of_one_peer_share_its_budget_and_its_counters_and_counting_never_delays()
    {
        var clock = PeerProtectionTests.NewClock();
        var protection = new PeerProtection(new ProtectionOptions { BytesPerSecond = 1, ByteBurst = 1000 }, PeerStore.InMemory(), timeProvider: clock);
        var peer = PeerProtectionTests.NewPeer();
        var other = PeerProtectionTests.NewPeer();

        // Each connection's muxer gets the budget of the peer id Noise proved.
        var first = protection.InboundBudget(peer);
        var second = protection.InboundBudget(peer);
        var unrelated = protection.InboundBudget(other);
        first.ChargeBytes(1500);
        Assert.True(second.IsOverByteBudget);
        Assert.False(unrelated.IsOverByteBudget);

        // The secured channel is only counted: a peer deep in debt is read at once.
        var (wrapped, wire) = Wrap(protection, peer);
        await wire.WriteAsync(new byte[10]);
        var read = await wrapped.Input.ReadAsync().AsTask().WaitAsync(Bound);
        wrapped.Input.AdvanceTo(read.Buffer.End);
        var (unrelatedWrapped, unrelatedWire) = Wrap(protection, other);
        await unrelatedWire.WriteAsync(new byte[20]);
        read = await unrelatedWrapped.Input.ReadAsync().AsTask().WaitAsync(Bound);
        unrelatedWrapped.Input.AdvanceTo(read.Buffer.End);

        Assert.Equal(10, protection.GetScore(peer)!.BytesIn);
        Assert.Equal(20, protection.GetScore(other)!.BytesIn);
        Assert.Equal(0, protection.GetScore(peer)!.Throttles);
    }

    [Fact]
    [Trait("Clause", "PROT-1.1")]
    public async Task A_peer_with_two_connections_has_one_score_and_a_ban_ends_both()
    {
        var clock = PeerProtectionTests.NewClock();
        await using var node = await ProtectedNode.StartAsync(time: clock);
        await using var client = await ProtectedNode.StartAsync(time: clock);

        // Dialling the bare address twice makes two connections, both proven to be the client.
        var bare = node.Swarm.ListenAddresses[0];
        var one = await client.Swarm.DialAsync(bare, CancellationToken.None).WaitAsync(Bound);
        var two = await client.Swarm.DialAsync(bare, CancellationToken.None).WaitAsync(Bound);
        Assert.NotSame(one, two);
        await ProtectedNode.EventuallyAsync(() => node.Swarm.GetConnections(client.PeerId).Count == 2, "both connections at the node");

        await client.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Bound);
        Assert.True(node.Protection.GetScore(client.PeerId)!.BytesIn > 0);

        // Each report alone stays above the ban threshold; together, in the one score the peer
        // has, they fall below it.
        var step = 0.6 * (node.Protection.Options.BanThreshold - node.Protection.GetReputation(client.PeerId));
        node.Protection.Report(client.PeerId, "test: first report", step);
        Assert.Null(node.Protection.GetBan(client.PeerId));
        node.Protection.Report(client.PeerId, "test: second report", step);

        Assert.NotNull(node.Protection.GetBan(client.PeerId));
        await ProtectedNode.EventuallyAsync(() => node.Swarm.GetConnections(client.PeerId).Count == 0, "both connections closed");
        await Assert.ThrowsAsync<SwarmException>(() => client.Swarm.DialAsync(bare, CancellationToken.None).WaitAsync(Bound));
    }

    /// <summary>A secured channel for <paramref name="peer"/> as the swarm would meter it, and the writer that plays the peer.</summary>
    private static (IDuplexPipe Metered, PipeWriter Wire) Wrap(PeerProtection protection, PeerId peer)
    {
        var inbound = new Pipe();
        var outbound = new Pipe();
        return (protection.Wrap(peer, new SecuredChannel(inbound.Reader, outbound.Writer)), inbound.Writer);
    }

    private sealed class SecuredChannel(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
