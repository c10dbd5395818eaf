using RustyNode.Network.Identity;

namespace RustyNode.Network.Protection;

/// <summary>
/// A snapshot of what protection knows of one peer (PROT-3.1). <c>Throttles</c> counts the times
/// it was slowed (never a penalty); <c>ExcessMessages</c> the unasked streams and messages that
/// came well past its budget (each a penalty, PROT-2.4).
/// </summary>
public sealed record PeerScore(
    PeerId Peer,
    double Reputation,
    long MessagesIn,
    long MessagesOut,
    long BytesIn,
    long BytesOut,
    long InvalidMessages,
    long Throttles,
    TimeSpan ConnectedTime,
    DateTimeOffset? LastSeen,
    long ExcessMessages = 0);
