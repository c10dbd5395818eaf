namespace RustyNode.Network.PubSub.Messages;

/// <summary>IHAVE: ids of messages of <paramref name="Topic"/> the sender holds in its message cache (GS-5.3).</summary>
public sealed record ControlIHave(string Topic, IReadOnlyList<MessageId> MessageIds);
