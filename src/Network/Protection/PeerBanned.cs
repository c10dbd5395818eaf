using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protection;

/// <summary>A peer was banned (by score or by hand) and is being disconnected.</summary>
public sealed record PeerBanned(PeerId Peer, DateTimeOffset Until, string Reason) : SwarmEvent;
