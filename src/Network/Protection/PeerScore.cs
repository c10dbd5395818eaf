using RustyNode.Network.Identity;

namespace RustyNode.Network.Protection;

/// <summary>A snapshot of what protection knows of one peer (PROT-3.1).</summary>
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
    DateTimeOffset? LastSeen);
