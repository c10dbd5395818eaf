namespace RustyNode.Network.PubSub;

/// <summary>What a publish did: the message's id and how many peers it was queued for.</summary>
public sealed record PublishResult(MessageId Id, int Peers);
