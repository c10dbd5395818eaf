using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Swarm;

/// <summary>Something the application hears about, in order, through <see cref="Swarm.Events"/>.</summary>
public abstract record SwarmEvent;

/// <summary>A connection to <paramref name="Peer"/> finished its upgrade.</summary>
public sealed record PeerConnected(PeerId Peer, Multiaddr Address, ConnectionDirection Direction, long ConnectionId) : SwarmEvent;

/// <summary>A connection to <paramref name="Peer"/> ended.</summary>
/// <param name="Reason">Why, when it ended with an error; null on a clean close.</param>
public sealed record PeerDisconnected(PeerId Peer, Multiaddr Address, ConnectionDirection Direction, long ConnectionId, string? Reason) : SwarmEvent;

/// <summary>An inbound connection or stream failed before it was of use (handshake, negotiation).</summary>
public sealed record InboundFailure(Multiaddr? Address, PeerId? Peer, string Reason) : SwarmEvent;
