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
    public async Task Connections_of_one_peer_share_its_byte_budget_and_its_counters()
    {
        // One byte a second: a debt of 500 bytes takes 500 s to repay, far longer than this test.
        var protection = new PeerProtection(
            new ProtectionOptions { BytesPerSecond = 1, ByteBurst = 1000 }, PeerStore.InMemory(), timeProvider: new ManualTimeProvider());
        var peer = PeerProtectionTests.NewPeer();
        var other = PeerProtectionTests.NewPeer();

        // The swarm wraps each connection's secured channel under the peer id Noise proved.
        var (first, firstWire) = Wrap(protection, peer);
        var (second, secondWire) = Wrap(protection, peer);
        var (unrelated, unrelatedWire) = Wrap(protection, other);

        // The first connection spends the peer's whole burst and more: the peer is in debt.
        await firstWire.WriteAsync(new byte[1500]);
        var read = await first.Input.ReadAsync().AsTask().WaitAsync(Bound);
        first.Input.AdvanceTo(read.Buffer.End);
        Assert.Equal(0, protection.GetScore(peer)!.Throttles);

        // Data on the peer's second connection now waits for that debt: its budget is the same one.
        await secondWire.WriteAsync(new byte[10]);
        using var cancel = new CancellationTokenSource();
        var slowed = second.Input.ReadAsync(cancel.Token).AsTask();
        await ProtectedNode.EventuallyAsync(() => protection.GetScore(peer)!.Throttles == 1, "the second connection's read being slowed");
        Assert.False(slowed.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slowed.WaitAsync(Bound));

        // Another peer is not slowed by it.
        await unrelatedWire.WriteAsync(new byte[10]);
        var unhindered = await unrelated.Input.ReadAsync().AsTask().WaitAsync(Bound);
        unrelated.Input.AdvanceTo(unhindered.Buffer.End);
        Assert.Equal(0, protection.GetScore(other)!.Throttles);

        Assert.Equal(1500, protection.GetScore(peer)!.BytesIn);
        Assert.Equal(10, protection.GetScore(other)!.BytesIn);
    }

    [Fact]
    [Trait("Clause", "PROT-1.1")]
    public async Task A_peer_with_two_connections_has_one_score_and_a_ban_ends_both()
    {
        await using var node = await ProtectedNode.StartAsync();
        await using var client = await ProtectedNode.StartAsync();

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
