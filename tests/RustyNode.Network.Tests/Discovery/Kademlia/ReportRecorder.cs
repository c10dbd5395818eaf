using System.Collections.Concurrent;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

/// <summary>A swarm component that records what is reported against peers.</summary>
internal sealed class ReportRecorder : INetworkBehaviour, IPeerReputation
{
    public ConcurrentQueue<(PeerId Peer, string Reason, double Weight)> Reports { get; } = new();

    public IReadOnlyCollection<string> Protocols { get; } = [];

    public void Attach(ISwarmContext swarm)
    {
    }

    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) => Task.CompletedTask;

    public void OnConnectionEstablished(Connection connection)
    {
    }

    public void OnConnectionClosed(Connection connection)
    {
    }

    public void Report(PeerId peer, string reason, double weight) => Reports.Enqueue((peer, reason, weight));
}
