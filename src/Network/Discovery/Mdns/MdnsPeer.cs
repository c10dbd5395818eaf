using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Mdns;

/// <summary>A peer read from an mDNS response: its id and its addresses without the /p2p suffix.</summary>
public sealed record MdnsPeer(PeerId Peer, IReadOnlyList<Multiaddr> Addresses);
