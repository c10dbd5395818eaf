using System.Text;
using RustyNode.Network.Identity.Protobuf;

namespace RustyNode.Network.PubSub.Messages;

/// <summary>
/// The protobuf of a pubsub Message (PS-3.1): fields written in field-number order, each optional
/// field only when present; the bytes a signature covers (PS-5.2).
/// </summary>
public static class PubSubMessageCodec
{
    /// <summary>The prefix of the bytes a message signature covers (PS-5.2).</summary>
    public static ReadOnlySpan<byte> SignaturePrefix => "libp2p-pubsub:"u8;

    internal const int FromField = 1;
    internal const int DataField = 2;
    internal const int SeqnoField = 3;
    internal const int TopicField = 4;
    internal const int SignatureField = 5;
    internal const int KeyField = 6;

    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Builds a message and its canonical encoding.</summary>
    public static PubSubMessage Create(
        string topic,
        ReadOnlyMemory<byte>? data,
        ReadOnlyMemory<byte>? from = null,
        ReadOnlyMemory<byte>? seqno = null,
        ReadOnlyMemory<byte>? signature = null,
        ReadOnlyMemory<byte>? key = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var topicLength = StrictUtf8.GetByteCount(topic);
        var size = GetSize(topicLength, data, from, seqno) + OptionalSize(SignatureField, signature) + OptionalSize(KeyField, key);
        var encoded = new byte[size];
        var writer = new ProtoWriter(encoded);
        WriteUnsigned(ref writer, topic, topicLength, data, from, seqno);
        WriteOptional(ref writer, SignatureField, signature);
        WriteOptional(ref writer, KeyField, key);
        // Read back: the fields become slices of the one encoding.
        return Read(encoded);
    }

    /// <summary>
    /// The bytes a signature covers (PS-5.2): "libp2p-pubsub:" then the message encoded without
    /// its signature and key fields, written into <paramref name="destination"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public static int WriteSigningBytes(PubSubMessage message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        SignaturePrefix.CopyTo(destination);
        var topicLength = StrictUtf8.GetByteCount(message.Topic);
        var writer = new ProtoWriter(destination[SignaturePrefix.Length..]);
        WriteUnsigned(ref writer, message.Topic, topicLength, message.Data, message.From, message.Seqno);
        return SignaturePrefix.Length + writer.Written;
    }

    /// <summary>Length of <see cref="WriteSigningBytes"/>'s output.</summary>
    public static int GetSigningBytesSize(PubSubMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SignaturePrefix.Length + GetSize(StrictUtf8.GetByteCount(message.Topic), message.Data, message.From, message.Seqno);
    }

    /// <summary>
    /// Reads one Message protobuf. The returned message's fields are slices of
    /// <paramref name="encoded"/>, which the caller must not change afterwards. Unknown fields are
    /// skipped; a field repeated is an error (PS-3.3).
    /// </summary>
    /// <exception cref="PubSubProtocolException">Malformed, or a field over its limit.</exception>
    public static PubSubMessage Read(ReadOnlyMemory<byte> encoded)
    {
        var span = encoded.Span;
        var reader = new ProtoReader(span, static m => new PubSubProtocolException(m));
        string? topic = null;
        ReadOnlyMemory<byte>? data = null, from = null, seqno = null, signature = null, key = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case FromField:
                    from = ReadField(ref reader, wireType, encoded, span, from, "from", PubSubLimits.MaxMessageFieldLength);
                    break;
                case DataField:
                    data = ReadField(ref reader, wireType, encoded, span, data, "data", encoded.Length);
                    break;
                case SeqnoField:
                    seqno = ReadField(ref reader, wireType, encoded, span, seqno, "seqno", PubSubLimits.MaxMessageFieldLength);
                    break;
                case TopicField:
                    if (topic is not null)
                    {
                        throw new PubSubProtocolException("A message names more than one topic.");
                    }

                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "topic");
                    topic = ReadString(reader.ReadBytes(PubSubLimits.MaxTopicLength, "topic"), "topic");
                    break;
                case SignatureField:
                    signature = ReadField(ref reader, wireType, encoded, span, signature, "signature", PubSubLimits.MaxMessageFieldLength);
                    break;
                case KeyField:
                    key = ReadField(ref reader, wireType, encoded, span, key, "key", PubSubLimits.MaxMessageFieldLength);
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new PubSubMessage(topic ?? string.Empty, data, from, seqno, signature, key, encoded);
    }

    internal static string ReadString(ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (ArgumentException)
        {
            throw new PubSubProtocolException($"Protobuf string '{name}' is not valid UTF-8.");
        }
    }

    private static ReadOnlyMemory<byte> ReadField(
        ref ProtoReader reader, int wireType, ReadOnlyMemory<byte> encoded, ReadOnlySpan<byte> span, ReadOnlyMemory<byte>? previous, string name, int maxLength)
    {
        if (previous is not null)
        {
            throw new PubSubProtocolException($"A message carries its '{name}' field twice.");
        }

        reader.Expect(wireType, ProtoReader.WireLengthDelimited, name);
        var value = reader.ReadBytes(maxLength, name);
        span.Overlaps(value, out var offset);
        return encoded.Slice(offset, value.Length);
    }

    private static int GetSize(int topicLength, ReadOnlyMemory<byte>? data, ReadOnlyMemory<byte>? from, ReadOnlyMemory<byte>? seqno) =>
        OptionalSize(FromField, from) + OptionalSize(DataField, data) + OptionalSize(SeqnoField, seqno) + ProtoWriter.SizeOfBytesField(TopicField, topicLength);

    private static int OptionalSize(int field, ReadOnlyMemory<byte>? value) => value is { } v ? ProtoWriter.SizeOfBytesField(field, v.Length) : 0;

    private static void WriteUnsigned(ref ProtoWriter writer, string topic, int topicLength, ReadOnlyMemory<byte>? data, ReadOnlyMemory<byte>? from, ReadOnlyMemory<byte>? seqno)
    {
        WriteOptional(ref writer, FromField, from);
        WriteOptional(ref writer, DataField, data);
        WriteOptional(ref writer, SeqnoField, seqno);
        Span<byte> topicBytes = topicLength <= 256 ? stackalloc byte[topicLength] : new byte[topicLength];
        StrictUtf8.GetBytes(topic, topicBytes);
        writer.WriteBytesField(TopicField, topicBytes);
    }

    private static void WriteOptional(ref ProtoWriter writer, int field, ReadOnlyMemory<byte>? value)
    {
        if (value is { } v)
        {
            writer.WriteBytesField(field, v.Span);
        }
    }
}
