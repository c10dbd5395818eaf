using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.PubSub;

/// <summary>
/// Computes a message's id (PS-4.1). Every node of a topic must use the same function. The router
/// calls it only on messages whose fields passed the signature policy's checks (PS-5.3), with the
/// author's public key protobuf when the message is signed (empty otherwise).
/// </summary>
public delegate byte[] MessageIdFunction(PubSubMessage message, ReadOnlySpan<byte> authorKeyProtobuf);
