namespace RustyNode.Network.PubSub.Messages;

/// <summary>
/// One pubsub RPC, the unit written on a pubsub stream (PS-2.1): subscription changes, messages
/// and, for gossipsub, control entries. Encoded by <see cref="PubSubRpcCodec"/>.
/// </summary>
public sealed record PubSubRpc(IReadOnlyList<SubscriptionChange> Subscriptions, IReadOnlyList<PubSubMessage> Messages, ControlMessage? Control)
{
    /// <summary>An RPC with nothing in it.</summary>
    public static PubSubRpc Empty { get; } = new([], [], null);
}
