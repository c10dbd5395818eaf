using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>A provider of a key: the peer, its addresses, and when the announcement expires.</summary>
public sealed record ProviderEntry(PeerId Peer, IReadOnlyList<Multiaddr> Addresses, DateTimeOffset Expires);
