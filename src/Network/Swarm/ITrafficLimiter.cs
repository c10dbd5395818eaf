using System.IO.Pipelines;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;

namespace RustyNode.Network.Swarm;

/// <summary>
/// A swarm-level component that meters what a peer sends unasked (specs/network/14-protection.md,
/// PROT-2). The swarm hands it each secured channel before the muxer starts (to count bytes for
/// statistics; nothing is delayed there), gives each connection's muxer the peer's budget for
/// unasked traffic (the muxer knows which streams the peer opened), waits for the peer's message
/// budget before accepting each inbound stream, and charges protocol budgets after negotiation.
/// </summary>
public interface ITrafficLimiter
{
    /// <summary>Wraps the secured channel of a connection to <paramref name="peer"/>, counting its bytes.</summary>
    IDuplexPipe Wrap(PeerId peer, IDuplexPipe secured);

    /// <summary>The budget for unasked traffic of <paramref name="peer"/>, shared by all its connections.</summary>
    IInboundBudget InboundBudget(PeerId peer);

    /// <summary>Completes when <paramref name="peer"/> no longer owes messages (the muxer charged its streams as they came).</summary>
    ValueTask WaitForStreamBudgetAsync(PeerId peer, CancellationToken cancellationToken);

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
