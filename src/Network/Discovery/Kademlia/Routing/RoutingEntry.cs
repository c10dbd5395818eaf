using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Routing;

/// <summary>A peer in the routing table, with the addresses it was reached at and when it last answered.</summary>
public sealed record RoutingEntry(PeerId Peer, KadKey Key, IReadOnlyList<Multiaddr> Addresses, DateTimeOffset LastSeen);
