using System.Buffers;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>
/// The masternode payload (MN-1.2): one code byte, then the message's body. An explicit switch maps
/// codes to codecs. <see cref="TryRead"/> returns false when the input ends inside the message
/// (nothing consumed) and throws <see cref="MasternodeProtocolException"/> when it is malformed or
/// over a limit; <see cref="Parse"/> takes a whole payload and requires it to be exactly one message.
/// </summary>
public static class MasternodeMessageCodec
{
    internal delegate void BodyWriter<in T>(T message, ref FieldWriter writer);

    internal delegate bool BodyReader<T>(ref SequenceReader<byte> reader, out T message);

    /// <summary>True for the codes a requester sends; the others are responses or pubsub messages.</summary>
    public static bool IsRequest(MasternodeMessageType type) =>
        type is MasternodeMessageType.ListRequest or MasternodeMessageType.ListSyncRequest or MasternodeMessageType.PoSeChallenge;

    /// <summary>Size of code byte and body.</summary>
    public static int GetSize(IMasternodeMessage message) => 1 + message switch
    {
        MasternodeListRequest m => MasternodeListRequestCodec.GetSize(m),
        MasternodeListResponse m => MasternodeListResponseCodec.GetSize(m),
        MasternodeListSyncRequest m => MasternodeListSyncRequestCodec.GetSize(m),
        MasternodeListSync m => MasternodeListSyncCodec.GetSize(m),
        PoSeChallenge m => PoSeChallengeCodec.GetSize(m),
        PoSeResponse m => PoSeResponseCodec.GetSize(m),
        MasternodeUpdate m => MasternodeUpdateCodec.GetSize(m),
        _ => throw new ArgumentException($"Not a masternode message: {message?.GetType().Name}", nameof(message)),
    };

    /// <summary>Writes the code byte and the body with one GetSpan/Advance.</summary>
    public static void Write(IMasternodeMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(message);
        Write(message, output.GetSpan(size)[..size]);
        output.Advance(size);
    }

    /// <summary>Writes the code byte and the body into exactly <see cref="GetSize"/> bytes of <paramref name="destination"/>.</summary>
    public static void Write(IMasternodeMessage message, Span<byte> destination)
    {
        var size = GetSize(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, size, nameof(destination));
        var writer = new FieldWriter(destination[..size]);
        writer.WriteByte((byte)message.Type);
        switch (message)
        {
            case MasternodeListRequest m:
                MasternodeListRequestCodec.WriteBody(m, ref writer);
                break;
            case MasternodeListResponse m:
                MasternodeListResponseCodec.WriteBody(m, ref writer);
                break;
            case MasternodeListSyncRequest m:
                MasternodeListSyncRequestCodec.WriteBody(m, ref writer);
                break;
            case MasternodeListSync m:
                MasternodeListSyncCodec.WriteBody(m, ref writer);
                break;
            case PoSeChallenge m:
                PoSeChallengeCodec.WriteBody(m, ref writer);
                break;
            case PoSeResponse m:
                PoSeResponseCodec.WriteBody(m, ref writer);
                break;
            case MasternodeUpdate m:
                MasternodeUpdateCodec.WriteBody(m, ref writer);
                break;
        }
    }

    /// <summary>Reads one message (code and body) from the start of <paramref name="buffer"/>, advancing it past the message.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out IMasternodeMessage message)
    {
        message = null!;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var code))
        {
            return false;
        }

        var complete = (MasternodeMessageType)code switch
        {
            MasternodeMessageType.ListRequest => Read<MasternodeListRequest>(ref reader, MasternodeListRequestCodec.TryReadBody, out message),
            MasternodeMessageType.ListResponse => Read<MasternodeListResponse>(ref reader, MasternodeListResponseCodec.TryReadBody, out message),
            MasternodeMessageType.ListSyncRequest => Read<MasternodeListSyncRequest>(ref reader, MasternodeListSyncRequestCodec.TryReadBody, out message),
            MasternodeMessageType.ListSync => Read<MasternodeListSync>(ref reader, MasternodeListSyncCodec.TryReadBody, out message),
            MasternodeMessageType.PoSeChallenge => Read<PoSeChallenge>(ref reader, PoSeChallengeCodec.TryReadBody, out message),
            MasternodeMessageType.PoSeResponse => Read<PoSeResponse>(ref reader, PoSeResponseCodec.TryReadBody, out message),
            MasternodeMessageType.Update => Read<MasternodeUpdate>(ref reader, MasternodeUpdateCodec.TryReadBody, out message),
            _ => throw new MasternodeProtocolException($"unknown masternode message code 0x{code:x2}"),
        };
        if (complete)
        {
            buffer = buffer.Slice(reader.Position);
        }

        return complete;
    }

    /// <summary>Decodes a whole payload (a request/response frame or a pubsub message) holding exactly one message.</summary>
    public static IMasternodeMessage Parse(ReadOnlySequence<byte> payload)
    {
        if (!TryRead(ref payload, out var message))
        {
            throw new MasternodeProtocolException("the masternode message is truncated");
        }

        return payload.IsEmpty ? message : throw new MasternodeProtocolException($"{payload.Length} bytes follow the masternode message");
    }

    internal static void WriteBody<T>(T message, int size, IBufferWriter<byte> output, BodyWriter<T> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = new FieldWriter(output.GetSpan(size)[..size]);
        write(message, ref writer);
        output.Advance(size);
    }

    internal static bool TryReadBody<T>(ref ReadOnlySequence<byte> buffer, BodyReader<T> read, out T message)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!read(ref reader, out message))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool Read<T>(ref SequenceReader<byte> reader, BodyReader<T> read, out IMasternodeMessage message)
        where T : IMasternodeMessage
    {
        var complete = read(ref reader, out var typed);
        message = typed;
        return complete;
    }
}
