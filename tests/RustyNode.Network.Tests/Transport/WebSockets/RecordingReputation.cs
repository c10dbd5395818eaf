using System.Collections.Concurrent;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Transport.WebSockets;

/// <summary>A swarm-level reputation that only records what the swarm reports.</summary>
internal sealed class RecordingReputation : INetworkBehaviour, IPeerReputation
{
    private readonly TaskCompletionSource<(PeerId Peer, string Reason)> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(PeerId Peer, string Reason, double Weight)> Reports { get; } = new();

    public Task<(PeerId Peer, string Reason)> FirstReport => _first.Task;

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

    public void Report(PeerId peer, string reason, double weight)
    {
        Reports.Enqueue((peer, reason, weight));
        _first.TrySetResult((peer, reason));
    }
}
