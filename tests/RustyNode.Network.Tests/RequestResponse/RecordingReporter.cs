using System.Collections.Concurrent;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;

namespace RustyNode.Network.Tests.RequestResponse;

/// <summary>An <see cref="IPeerReporter"/> that remembers every report.</summary>
public sealed class RecordingReporter : IPeerReporter
{
    public ConcurrentQueue<(PeerId Peer, string Reason, double Weight)> Reports { get; } = new();

    public void Report(PeerId peer, string reason, double weight) => Reports.Enqueue((peer, reason, weight));
}
