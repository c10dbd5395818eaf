using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protocols.Identify;

/// <summary>A peer identified itself (on connect, on request or by push).</summary>
public sealed record PeerIdentified(IdentifyInfo Info) : SwarmEvent;
