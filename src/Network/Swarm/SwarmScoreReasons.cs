namespace RustyNode.Network.Swarm;

/// <summary>
/// What the swarm itself reports to peer scoring, with weights (specs/network/14-protection.md,
/// PROT-3.3). Protocols report their own reasons through <see cref="ISwarmContext.ReportPeer"/>.
/// </summary>
public static class SwarmScoreReasons
{
    /// <summary>A stream handler failed with a protocol error: the peer sent something malformed.</summary>
    public const string InvalidMessage = "invalid message";

    /// <summary>Weight of <see cref="InvalidMessage"/>.</summary>
    public const double InvalidMessageWeight = -10;

    /// <summary>A stream's protocol negotiation broke the multistream-select rules.</summary>
    public const string NegotiationFailed = "stream negotiation failed";

    /// <summary>Weight of <see cref="NegotiationFailed"/>.</summary>
    public const double NegotiationFailedWeight = -2;

    /// <summary>The connection ended on a muxer or secure-channel protocol violation.</summary>
    public const string ProtocolViolation = "protocol violation";

    /// <summary>Weight of <see cref="ProtocolViolation"/>.</summary>
    public const double ProtocolViolationWeight = -25;
}
