namespace RustyNode.Network.PubSub.Messages;

/// <summary>IWANT: ids of announced messages the sender asks for (GS-5.4).</summary>
public sealed record ControlIWant(IReadOnlyList<MessageId> MessageIds);
