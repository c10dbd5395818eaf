namespace RustyNode.Network.PubSub.Messages;

/// <summary>
/// A pubsub Message (PS-3.1). Optional fields are null when absent from the wire, which is not the
/// same as present and empty (PS-3.4). <see cref="Encoded"/> holds the message's protobuf: the
/// exact bytes it was read from, or the canonical encoding of a message built here, so a relay
/// forwards it without encoding it again. Instances are immutable; build them with
/// <see cref="PubSubMessageCodec.Create"/> or read them with <see cref="PubSubMessageCodec.Read"/>.
/// </summary>
public sealed class PubSubMessage
{
    internal PubSubMessage(
        string topic,
        ReadOnlyMemory<byte>? data,
        ReadOnlyMemory<byte>? from,
        ReadOnlyMemory<byte>? seqno,
        ReadOnlyMemory<byte>? signature,
        ReadOnlyMemory<byte>? key,
        ReadOnlyMemory<byte> encoded)
    {
        Topic = topic;
        Data = data;
        From = from;
        Seqno = seqno;
        Signature = signature;
        Key = key;
        Encoded = encoded;
    }

    /// <summary>The topic (field 4).</summary>
    public string Topic { get; }

    /// <summary>The payload (field 2), or null when absent.</summary>
    public ReadOnlyMemory<byte>? Data { get; }

    /// <summary>The author's peer id bytes (field 1), or null when absent.</summary>
    public ReadOnlyMemory<byte>? From { get; }

    /// <summary>The author's sequence number (field 3), or null when absent.</summary>
    public ReadOnlyMemory<byte>? Seqno { get; }

    /// <summary>The author's signature (field 5), or null when absent.</summary>
    public ReadOnlyMemory<byte>? Signature { get; }

    /// <summary>The author's public key protobuf (field 6), or null when absent.</summary>
    public ReadOnlyMemory<byte>? Key { get; }

    /// <summary>The message's protobuf encoding.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>The payload, empty when absent.</summary>
    public ReadOnlySpan<byte> DataSpan => Data is { } data ? data.Span : default;
}
