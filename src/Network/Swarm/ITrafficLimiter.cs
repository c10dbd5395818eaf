using System.IO.Pipelines;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Swarm;

/// <summary>
/// A swarm-level component that meters what a peer sends. The swarm hands it each secured
/// channel before the muxer starts (so it can slow the muxer's reads), and asks it for a message
/// token before accepting each inbound stream and after negotiating its protocol.
/// </summary>
public interface ITrafficLimiter
{
    /// <summary>Wraps the secured channel of a connection to <paramref name="peer"/>.</summary>
    IDuplexPipe Wrap(PeerId peer, IDuplexPipe secured);

    /// <summary>
    /// Charges one inbound message of <paramref name="peer"/> to its peer budget when
    /// <paramref name="protocol"/> is null, or to its budget for <paramref name="protocol"/>
    /// otherwise (when that protocol has one); completes when the peer is within budget again.
    /// </summary>
    ValueTask AcquireAsync(PeerId peer, string? protocol, CancellationToken cancellationToken);

    /// <summary>
    /// A protocol asks for its own message budget per peer (on top of the peer's), unless the
    /// configuration already sets one for it.
    /// </summary>
    void RequestProtocolLimit(string protocol, double messagesPerSecond, double burst);

    /// <summary>Counts one message we send to <paramref name="peer"/> (a stream we opened).</summary>
    void RecordOutbound(PeerId peer, string protocol);
}
