using System.Buffers;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Body of <see cref="HeaderAnnouncement"/> (BS-2.6): varint n (1..16), n 80-byte headers.</summary>
public static class HeaderAnnouncementCodec
{
    /// <summary>Body size in bytes.</summary>
    /// <exception cref="ArgumentException">No header, or more than 16.</exception>
    public static int GetSize(HeaderAnnouncement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Items.Count is 0 or > BlockSyncLimits.MaxAnnouncedHeaders)
        {
            throw new ArgumentException($"An announcement holds 1 to {BlockSyncLimits.MaxAnnouncedHeaders} headers.", nameof(message));
        }

        return HeadersCodec.HeaderListSize(message.Items.Count);
    }

    /// <summary>Writes the body into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(HeaderAnnouncement message, Span<byte> destination)
    {
        GetSize(message);
        return HeadersCodec.WriteHeaderList(message.Items, destination);
    }

    /// <summary>Writes the body into <paramref name="writer"/>.</summary>
    public static void Write(HeaderAnnouncement message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = Write(message, writer.GetSpan(GetSize(message)));
        writer.Advance(size);
    }

    /// <summary>Reads a body off the front of <paramref name="body"/>; false when it ends early.</summary>
    /// <exception cref="BlockSyncProtocolException">No header, or more than 16.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> body, out HeaderAnnouncement message)
    {
        message = null!;
        var reader = new SequenceReader<byte>(body);
        if (!WireReader.TryReadCount(ref reader, BlockSyncLimits.MaxAnnouncedHeaders, "announced headers", out var count)
            || !WireReader.TryReadHeaders(ref reader, count, out var headers))
        {
            return false;
        }

        if (count == 0)
        {
            throw new BlockSyncProtocolException("An announcement holds no header.");
        }

        message = new HeaderAnnouncement(headers);
        body = body.Slice(reader.Position);
        return true;
    }
}
