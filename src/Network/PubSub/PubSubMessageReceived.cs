using RustyNode.Network.Swarm;

namespace RustyNode.Network.PubSub;

/// <summary>A message of a topic an application subscribed to with events (PS-9.2).</summary>
public sealed record PubSubMessageReceived(ReceivedMessage Message) : SwarmEvent;
