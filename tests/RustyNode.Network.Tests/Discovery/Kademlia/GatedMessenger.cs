using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

/// <summary>Holds every request until the test releases it, counting how many wait at once.</summary>
internal sealed class GatedMessenger(IKadMessenger inner) : IKadMessenger
{
    private readonly Queue<TaskCompletionSource> _pending = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int MaxInFlight { get; private set; }

    private int InFlight { get; set; }

    public async Task<KadMessage?> SendAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, KadMessage request, CancellationToken cancellationToken)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _pending.Enqueue(gate);
            InFlight++;
            MaxInFlight = Math.Max(MaxInFlight, InFlight);
            _arrived.TrySetResult();
        }

        try
        {
            await gate.Task.WaitAsync(cancellationToken);
            return await inner.SendAsync(peer, addresses, request, cancellationToken);
        }
        finally
        {
            lock (_lock)
            {
                InFlight--;
            }
        }
    }

    /// <summary>Completes when a request waits.</summary>
    public Task WaitingAsync()
    {
        lock (_lock)
        {
            if (_pending.Count > 0)
            {
                return Task.CompletedTask;
            }

            if (_arrived.Task.IsCompleted)
            {
                _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return _arrived.Task;
        }
    }

    public void ReleaseOldest()
    {
        lock (_lock)
        {
            if (_pending.TryDequeue(out var gate))
            {
                gate.TrySetResult();
            }
        }
    }
}
