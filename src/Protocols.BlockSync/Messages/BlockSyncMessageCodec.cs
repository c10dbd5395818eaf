using System.Buffers;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>
/// A whole block-sync payload (BS-2): the code byte, then the body of that message. Explicit
/// switches over <see cref="MessageCode"/>; a payload must be consumed exactly.
/// </summary>
public static class BlockSyncMessageCodec
{
    /// <summary>Payload size (code and body) of <paramref name="message"/>.</summary>
    public static int GetSize(BlockSyncMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return 1 + message switch
        {
            GetHeaders m => GetHeadersCodec.GetSize(m),
            Headers m => HeadersCodec.GetSize(m),
            BlockRequest m => BlockRequestCodec.GetSize(m),
            BlockRequestByHash m => BlockRequestByHashCodec.GetSize(m),
            BlockResponse m => BlockResponseCodec.GetSize(m),
            HeaderAnnouncement m => HeaderAnnouncementCodec.GetSize(m),
            AnnouncementAck => 0,
            _ => throw new ArgumentException($"Unknown message {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>Writes the payload into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(BlockSyncMessage message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        destination[0] = (byte)message.Code;
        var body = destination[1..];
        return 1 + message switch
        {
            GetHeaders m => GetHeadersCodec.Write(m, body),
            Headers m => HeadersCodec.Write(m, body),
            BlockRequest m => BlockRequestCodec.Write(m, body),
            BlockRequestByHash m => BlockRequestByHashCodec.Write(m, body),
            BlockResponse m => BlockResponseCodec.Write(m, body),
            HeaderAnnouncement m => HeaderAnnouncementCodec.Write(m, body),
            AnnouncementAck => 0,
            _ => throw new ArgumentException($"Unknown message {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>Writes the payload into <paramref name="writer"/>.</summary>
    public static void Write(BlockSyncMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = GetSize(message);
        Write(message, writer.GetSpan(size));
        writer.Advance(size);
    }

    /// <summary>Decodes one whole payload.</summary>
    /// <exception cref="BlockSyncProtocolException">Empty, an unknown code, a chunk, truncated, over a limit, or bytes left over.</exception>
    public static BlockSyncMessage Read(ReadOnlySequence<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw new BlockSyncProtocolException("An empty payload carries no message code.");
        }

        var code = (MessageCode)payload.FirstSpan[0];
        var body = payload.Slice(1);
        BlockSyncMessage? message = null;
        var complete = code switch
        {
            MessageCode.GetHeaders => Read<GetHeaders>(GetHeadersCodec.TryRead(ref body, out var m1), m1, ref message),
            MessageCode.Headers => Read<Headers>(HeadersCodec.TryRead(ref body, out var m2), m2, ref message),
            MessageCode.BlockRequest => Read<BlockRequest>(BlockRequestCodec.TryRead(ref body, out var m3), m3, ref message),
            MessageCode.BlockRequestByHash => Read<BlockRequestByHash>(BlockRequestByHashCodec.TryRead(ref body, out var m4), m4, ref message),
            MessageCode.BlockResponse => Read<BlockResponse>(BlockResponseCodec.TryRead(ref body, out var m5), m5, ref message),
            MessageCode.HeaderAnnouncement => Read<HeaderAnnouncement>(HeaderAnnouncementCodec.TryRead(ref body, out var m6), m6, ref message),
            MessageCode.AnnouncementAck => Read<AnnouncementAck>(true, AnnouncementAck.Instance, ref message),
            MessageCode.Chunk => throw new BlockSyncProtocolException("A chunk may not carry a chunk."),
            _ => throw new BlockSyncProtocolException($"Unknown message code 0x{(byte)code:x2}."),
        };

        if (!complete)
        {
            throw new BlockSyncProtocolException($"The {code} message is truncated.");
        }

        if (!body.IsEmpty)
        {
            throw new BlockSyncProtocolException($"{body.Length} bytes follow the {code} message.");
        }

        return message!;
    }

    private static bool Read<T>(bool complete, T? read, ref BlockSyncMessage? message)
        where T : BlockSyncMessage
    {
        message = read;
        return complete;
    }
}
