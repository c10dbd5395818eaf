using System.Collections.Concurrent;
using System.IO.Pipelines;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.PubSub.Testing;

/// <summary>A traffic limiter that limits nothing and records what it is asked.</summary>
public sealed class RecordingLimiter : INetworkBehaviour, ITrafficLimiter
{
    public ConcurrentQueue<(PeerId Peer, string? Protocol)> Acquired { get; } = new();

    public ConcurrentQueue<(string Protocol, double Rate, double Burst)> Requested { get; } = new();

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

    public IDuplexPipe Wrap(PeerId peer, IDuplexPipe secured) => secured;

    public IInboundBudget InboundBudget(PeerId peer) => NoBudget.Instance;

    public ValueTask WaitForStreamBudgetAsync(PeerId peer, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask AcquireAsync(PeerId peer, string? protocol, CancellationToken cancellationToken)
    {
        Acquired.Enqueue((peer, protocol));
        return ValueTask.CompletedTask;
    }

    public void RequestProtocolLimit(string protocol, double messagesPerSecond, double burst) => Requested.Enqueue((protocol, messagesPerSecond, burst));

    public void RecordOutbound(PeerId peer, string protocol)
    {
    }
}

/// <summary>An inbound budget without limits.</summary>
internal sealed class NoBudget : IInboundBudget
{
    public static readonly NoBudget Instance = new();

    public bool LimitsBytes => false;

    public bool IsOverByteBudget => false;

    public void ChargeStream()
    {
    }

    public void ChargeBytes(long bytes)
    {
    }

    public ValueTask WaitForByteBudgetAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
