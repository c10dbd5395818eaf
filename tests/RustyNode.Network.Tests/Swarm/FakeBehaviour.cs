using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Swarm;

/// <summary>A behaviour that serves one protocol with whatever the test wants to do on the stream.</summary>
public sealed class FakeBehaviour(string protocol, Func<ProtocolStream, CancellationToken, Task> handler) : INetworkBehaviour
{
    public IReadOnlyCollection<string> Protocols { get; } = [protocol];

    public ISwarmContext? Swarm { get; private set; }

    public void Attach(ISwarmContext swarm) => Swarm = swarm;

    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) => handler(stream, cancellationToken);

    public void OnConnectionEstablished(Connection connection)
    {
    }

    public void OnConnectionClosed(Connection connection)
    {
    }
}
