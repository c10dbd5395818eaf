using System.Collections.Concurrent;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Protocols.Masternode.Tests.Testing;

/// <summary>A protocol-less behaviour that records every peer report made through its swarm, and lets a test await one.</summary>
public sealed class ReportRecorder : INetworkBehaviour, IPeerReputation
{
    private readonly Lock _gate = new();
    private readonly List<(PeerId Peer, string Reason, double Weight)> _reports = [];
    private readonly List<(Func<(PeerId Peer, string Reason, double Weight), bool> Match, TaskCompletionSource Signal)> _waiters = [];

    public IReadOnlyCollection<string> Protocols { get; } = [];

    public IReadOnlyList<(PeerId Peer, string Reason, double Weight)> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(PeerId peer, string reason, double weight)
    {
        List<TaskCompletionSource> wake = [];
        lock (_gate)
        {
            var report = (peer, reason, weight);
            _reports.Add(report);
            foreach (var waiter in _waiters.Where(w => w.Match(report)).ToList())
            {
                _waiters.Remove(waiter);
                wake.Add(waiter.Signal);
            }
        }

        wake.ForEach(s => s.TrySetResult());
    }

    /// <summary>Completes once a report of <paramref name="peer"/> with <paramref name="reason"/> was made.</summary>
    public Task WaitForAsync(PeerId peer, string reason, TimeSpan timeout)
    {
        bool Match((PeerId Peer, string Reason, double Weight) r) => r.Peer == peer && r.Reason == reason;
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_reports.Any(Match))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((Match, signal));
        }

        return signal.Task.WaitAsync(timeout);
    }

    public void Attach(ISwarmContext swarm)
    {
    }

    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The recorder serves no protocol.");

    public void OnConnectionEstablished(Connection connection)
    {
    }

    public void OnConnectionClosed(Connection connection)
    {
    }
}
