using RustyNode.Network.Identity;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// Where a protocol reports a peer's misbehaviour and asks whether to serve it; the peer
/// protection layer (scores, token buckets, bans) implements it. Optional: behaviours work without one.
/// </summary>
public interface IPeerReporter
{
    /// <summary>
    /// <paramref name="peer"/> misbehaved. <paramref name="weight"/> is 1.0 for a protocol violation
    /// (see <see cref="PeerReportWeights"/>); the reporter turns it into a score change.
    /// </summary>
    void Report(PeerId peer, string reason, double weight);

    /// <summary>
    /// Called before an inbound request of <paramref name="protocol"/> from <paramref name="peer"/>
    /// is read; false resets its stream (a rate limit, a ban). Default: always serve.
    /// </summary>
    bool AllowInbound(PeerId peer, string protocol) => true;
}
