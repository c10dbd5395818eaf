using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub;

/// <summary>A peer subscribed to a topic, as the router sees it (for the control interface and tests).</summary>
public sealed record TopicPeerInfo(PeerId Peer, PubSubProtocol Protocol, double Score, bool InMesh, bool Outbound);
