using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Protocols.Identify;

/// <summary>What a peer told us about itself through identify.</summary>
public sealed record IdentifyInfo(
    PeerId Peer,
    string ProtocolVersion,
    string AgentVersion,
    IReadOnlyList<Multiaddr> ListenAddresses,
    Multiaddr? ObservedAddress,
    IReadOnlyList<string> Protocols,
    bool HasSignedPeerRecord);
