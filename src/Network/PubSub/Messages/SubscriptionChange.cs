namespace RustyNode.Network.PubSub.Messages;

/// <summary>An RPC's SubOpts: the sender joins (<paramref name="Subscribe"/>) or leaves a topic (PS-2.2).</summary>
public sealed record SubscriptionChange(bool Subscribe, string Topic);
