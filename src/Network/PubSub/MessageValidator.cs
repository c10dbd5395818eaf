namespace RustyNode.Network.PubSub;

/// <summary>
/// An application's check of a message of its topic, run before the message is delivered or
/// forwarded (GS-9.1). It may complete asynchronously; the router waits at most
/// <see cref="PubSubOptions.ValidationTimeout"/> and ignores the message after that.
/// </summary>
public delegate ValueTask<ValidationResult> MessageValidator(ReceivedMessage message, CancellationToken cancellationToken);
