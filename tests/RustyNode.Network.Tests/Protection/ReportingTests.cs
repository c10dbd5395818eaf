using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Protection;

public class ReportingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Clause", "PROT-3.3")]
    public async Task A_handler_failing_on_a_protocol_error_costs_the_peer_and_protocols_report_through_the_swarm()
    {
        var picky = new PickyBehaviour();
        await using var node = await ProtectedNode.StartAsync(extra: [picky]);
        await using var client = await ProtectedNode.StartAsync();
        await client.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);

        await using (var stream = await client.Swarm.OpenStreamAsync(node.PeerId, [PickyBehaviour.ProtocolId], CancellationToken.None).WaitAsync(Timeout))
        {
            await stream.Output.WriteAsync(new byte[] { 0xFF }, CancellationToken.None);
            await stream.Output.CompleteAsync();
            await ProtectedNode.EventuallyAsync(() => node.Protection.GetScore(client.PeerId)?.InvalidMessages == 1, "the report");
        }

        Assert.Equal(SwarmScoreReasons.InvalidMessageWeight + PickyBehaviour.Weight, node.Protection.GetReputation(client.PeerId), 1);
        Assert.Equal(1, node.Protection.GetScore(client.PeerId)!.MessagesIn);
        Assert.Single(node.Swarm.GetConnections(client.PeerId));
    }

    /// <summary>Reports every stream's opener through the swarm, then rejects what it sent.</summary>
    private sealed class PickyBehaviour : INetworkBehaviour
    {
        public const string ProtocolId = "/picky/1.0.0";
        public const double Weight = 1;
        private ISwarmContext? _swarm;

        public IReadOnlyCollection<string> Protocols { get; } = [ProtocolId];

        public void Attach(ISwarmContext swarm) => _swarm = swarm;

        public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
        {
            _swarm!.ReportPeer(stream.Peer, "asked politely", Weight);
            await stream.Input.ReadAsync(cancellationToken);
            throw new SwarmProtocolException($"{stream.Peer} sent a byte the picky protocol does not like.");
        }

        public void OnConnectionEstablished(Connection connection)
        {
        }

        public void OnConnectionClosed(Connection connection)
        {
        }
    }
}
