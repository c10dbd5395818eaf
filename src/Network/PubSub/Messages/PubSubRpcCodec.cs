using System.Buffers;
using RustyNode.Network.Framing;
using RustyNode.Network.Identity.Protobuf;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.PubSub.Messages;

/// <summary>
/// The pubsub RPC protobuf (PS-2.1) and its framing on a stream: <c>varint(length) RPC</c>
/// (PS-1.3). Reading checks every count and length against <see cref="PubSubLimits"/> before it
/// allocates for it; writing puts fields in field-number order.
/// </summary>
public static partial class PubSubRpcCodec
{
    internal const int SubscriptionsField = 1;
    internal const int PublishField = 2;
    internal const int ControlField = 3;
    private const int SubscribeFlagField = 1;
    private const int SubscribeTopicField = 2;

    /// <summary>
    /// Takes one RPC frame off the front of <paramref name="buffer"/> and decodes it. The frame is
    /// decoded from a pooled buffer; each message is copied into an array of its own (so a large
    /// batched frame does not land on the large-object heap for as long as one of its messages lives).
    /// </summary>
    /// <returns>False when more bytes are needed (<paramref name="buffer"/> is then unchanged).</returns>
    /// <exception cref="PubSubProtocolException">Malformed, or over a limit.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out PubSubRpc rpc, out int frameLength)
    {
        ReadOnlySequence<byte> payload;
        try
        {
            if (!LengthPrefixed.TryRead(ref buffer, PubSubLimits.MaxRpcSize, out payload))
            {
                rpc = PubSubRpc.Empty;
                frameLength = 0;
                return false;
            }
        }
        catch (Exception ex) when (ex is Framing.FrameTooLargeException or MultiformatException)
        {
            throw new PubSubProtocolException($"Bad RPC frame: {ex.Message}", ex);
        }

        frameLength = (int)payload.Length;
        var rented = ArrayPool<byte>.Shared.Rent(frameLength);
        try
        {
            payload.CopyTo(rented);
            rpc = Read(rented.AsMemory(0, frameLength), maxMessageSize, copyMessages: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return true;
    }

    /// <summary>
    /// Decodes one RPC. Messages are slices of <paramref name="payload"/>, which the caller must
    /// not change afterwards. A message longer than <paramref name="maxMessageSize"/> is an error.
    /// </summary>
    /// <exception cref="PubSubProtocolException">Malformed, or over a limit.</exception>
    public static PubSubRpc Read(ReadOnlyMemory<byte> payload, int maxMessageSize) => Read(payload, maxMessageSize, copyMessages: false);

    private static PubSubRpc Read(ReadOnlyMemory<byte> payload, int maxMessageSize, bool copyMessages)
    {
        var span = payload.Span;
        var reader = new ProtoReader(span, static m => new PubSubProtocolException(m));
        List<SubscriptionChange>? subscriptions = null;
        List<PubSubMessage>? messages = null;
        ControlMessage? control = null;
        var budget = new ControlBudget();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case SubscriptionsField:
                    subscriptions ??= [];
                    if (subscriptions.Count >= PubSubLimits.MaxSubscriptionsPerRpc)
                    {
                        throw new PubSubProtocolException($"An RPC carries more than {PubSubLimits.MaxSubscriptionsPerRpc} subscription changes.");
                    }

                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "subscriptions");
                    subscriptions.Add(ReadSubscription(reader.ReadBytes(PubSubLimits.MaxTopicLength + 16, "subscriptions")));
                    break;
                case PublishField:
                    messages ??= [];
                    if (messages.Count >= PubSubLimits.MaxMessagesPerRpc)
                    {
                        throw new PubSubProtocolException($"An RPC carries more than {PubSubLimits.MaxMessagesPerRpc} messages.");
                    }

                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "publish");
                    var encoded = reader.ReadBytes(maxMessageSize, "publish");
                    span.Overlaps(encoded, out var offset);
                    messages.Add(PubSubMessageCodec.Read(copyMessages ? encoded.ToArray() : payload.Slice(offset, encoded.Length)));
                    break;
                case ControlField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "control");
                    control = ReadControl(reader.ReadBytes(span.Length, "control"), control, ref budget);
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new PubSubRpc((IReadOnlyList<SubscriptionChange>?)subscriptions ?? [], (IReadOnlyList<PubSubMessage>?)messages ?? [], control);
    }

    /// <summary>Size of <paramref name="rpc"/>'s protobuf (without the frame's length prefix).</summary>
    public static int GetSize(PubSubRpc rpc)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var size = 0;
        foreach (var subscription in rpc.Subscriptions)
        {
            size += ProtoWriter.SizeOfBytesField(SubscriptionsField, GetSubscriptionSize(subscription));
        }

        foreach (var message in rpc.Messages)
        {
            size += ProtoWriter.SizeOfBytesField(PublishField, message.Encoded.Length);
        }

        if (rpc.Control is { } control)
        {
            size += ProtoWriter.SizeOfBytesField(ControlField, GetControlSize(control));
        }

        return size;
    }

    /// <summary>Writes <paramref name="rpc"/>'s protobuf (exactly <see cref="GetSize"/> bytes) into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(PubSubRpc rpc, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var writer = new ProtoWriter(destination);
        foreach (var subscription in rpc.Subscriptions)
        {
            writer.WriteLengthPrefix(SubscriptionsField, GetSubscriptionSize(subscription));
            WriteSubscription(ref writer, subscription);
        }

        foreach (var message in rpc.Messages)
        {
            writer.WriteBytesField(PublishField, message.Encoded.Span);
        }

        if (rpc.Control is { } control)
        {
            writer.WriteLengthPrefix(ControlField, GetControlSize(control));
            WriteControl(ref writer, control);
        }

        return writer.Written;
    }

    /// <summary>Writes one frame: the length prefix, then the RPC.</summary>
    public static void WriteFrame(PubSubRpc rpc, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(rpc);
        var span = output.GetSpan(Varint.GetSize((ulong)size) + size);
        var prefix = Varint.Write(span, (ulong)size);
        Write(rpc, span[prefix..]);
        output.Advance(prefix + size);
    }

    /// <summary>The RPC encoded as one frame, in a new array.</summary>
    public static byte[] EncodeFrame(PubSubRpc rpc)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteFrame(rpc, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    internal static int GetSubscriptionSize(SubscriptionChange subscription) =>
        ProtoWriter.SizeOfVarintField(SubscribeFlagField, subscription.Subscribe ? 1UL : 0UL)
        + ProtoWriter.SizeOfBytesField(SubscribeTopicField, PubSubMessageCodec.StrictUtf8.GetByteCount(subscription.Topic));

    internal static void WriteSubscription(ref ProtoWriter writer, SubscriptionChange subscription)
    {
        writer.WriteVarintField(SubscribeFlagField, subscription.Subscribe ? 1UL : 0UL);
        writer.WriteBytesField(SubscribeTopicField, PubSubMessageCodec.StrictUtf8.GetBytes(subscription.Topic));
    }

    private static SubscriptionChange ReadSubscription(ReadOnlySpan<byte> body)
    {
        var reader = new ProtoReader(body, static m => new PubSubProtocolException(m));
        var subscribe = false;
        string? topic = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case SubscribeFlagField:
                    reader.Expect(wireType, ProtoReader.WireVarint, "subscribe");
                    subscribe = reader.ReadVarint() != 0;
                    break;
                case SubscribeTopicField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "topicid");
                    topic = PubSubMessageCodec.ReadString(reader.ReadBytes(PubSubLimits.MaxTopicLength, "topicid"), "topicid");
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new SubscriptionChange(subscribe, topic ?? string.Empty);
    }
}
