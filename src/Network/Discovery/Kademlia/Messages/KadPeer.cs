using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Messages;

/// <summary>A peer entry of a DHT message: its id, the addresses the sender knows, and the sender's connection to it.</summary>
public sealed record KadPeer(PeerId Id, IReadOnlyList<Multiaddr> Addresses, KadConnectionType Connection = KadConnectionType.NotConnected);
