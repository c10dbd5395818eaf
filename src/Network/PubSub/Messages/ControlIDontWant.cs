namespace RustyNode.Network.PubSub.Messages;

/// <summary>IDONTWANT (v1.2): ids of messages the sender already has and does not want sent to it (GS-5.5).</summary>
public sealed record ControlIDontWant(IReadOnlyList<MessageId> MessageIds);
