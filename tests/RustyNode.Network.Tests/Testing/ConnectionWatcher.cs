using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Testing;

/// <summary>
/// A behaviour with no protocol that lets a test await "the n-th connection with this peer is up"
/// or "... has ended" as an event instead of polling the swarm's connection list. The swarm calls
/// it after the connection is listed (established) and after it is removed from the list (closed).
/// </summary>
public sealed class ConnectionWatcher : INetworkBehaviour
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(PeerId Peer, bool Closed), int> _counts = [];
    private readonly List<(PeerId Peer, bool Closed, int Count, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyCollection<string> Protocols { get; } = [];

    public void Attach(ISwarmContext swarm)
    {
    }

    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The connection watcher serves no protocol.");

    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Count(connection.RemotePeer, closed: false);
    }

    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Count(connection.RemotePeer, closed: true);
    }

    /// <summary>How many connections with <paramref name="peer"/> have been established so far.</summary>
    public int EstablishedCount(PeerId peer)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault((peer, false));
        }
    }

    /// <summary>Completes once <paramref name="count"/> connections with <paramref name="peer"/> have been established (now or earlier).</summary>
    public Task WaitForConnectionAsync(PeerId peer, TimeSpan timeout, int count = 1) => WaitAsync(peer, closed: false, count, timeout);

    /// <summary>Completes once <paramref name="count"/> connections with <paramref name="peer"/> have ended (now or earlier).</summary>
    public Task WaitForClosedAsync(PeerId peer, TimeSpan timeout, int count = 1) => WaitAsync(peer, closed: true, count, timeout);

    private Task WaitAsync(PeerId peer, bool closed, int count, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_counts.GetValueOrDefault((peer, closed)) >= count)
            {
                return Task.CompletedTask;
            }

            _waiters.Add((peer, closed, count, signal));
        }

        return signal.Task.WaitAsync(timeout);
    }

    private void Count(PeerId peer, bool closed)
    {
        List<TaskCompletionSource> wake = [];
        lock (_lock)
        {
            var count = _counts.GetValueOrDefault((peer, closed)) + 1;
            _counts[(peer, closed)] = count;
            _waiters.RemoveAll(w =>
            {
                if (w.Peer != peer || w.Closed != closed || w.Count > count)
                {
                    return false;
                }

                wake.Add(w.Signal);
                return true;
            });
        }

        foreach (var signal in wake)
        {
            signal.TrySetResult();
        }
    }
}
