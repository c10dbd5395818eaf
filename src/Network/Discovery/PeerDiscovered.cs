using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Discovery;

/// <summary>A peer was discovered: it entered the DHT routing table (<c>kad</c>) or answered on the local network (<c>mdns</c>).</summary>
public sealed record PeerDiscovered(PeerId Peer, IReadOnlyList<Multiaddr> Addresses, string Source) : SwarmEvent;
