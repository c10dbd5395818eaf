using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Network.Discovery.Kademlia.Queries;

/// <summary>The outcome of a peer search: the peer with its addresses when found, and the lookup's figures.</summary>
public sealed record FindPeerResult(KadPeer? Peer, LookupResult Lookup);
