using System.Buffers;
using RustyNode.Consensus;
using RustyNode.Network.Multiformats;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Body of <see cref="Headers"/> (BS-2.2): varint n (0..2,000), n 80-byte headers.</summary>
public static class HeadersCodec
{
    /// <summary>Body size in bytes.</summary>
    /// <exception cref="ArgumentException">More than 2,000 headers.</exception>
    public static int GetSize(Headers message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Items.Count > BlockSyncLimits.MaxHeadersPerReply)
        {
            throw new ArgumentException($"A Headers reply holds at most {BlockSyncLimits.MaxHeadersPerReply} headers.", nameof(message));
        }

        return HeaderListSize(message.Items.Count);
    }

    /// <summary>Writes the body into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Headers message, Span<byte> destination)
    {
        GetSize(message);
        return WriteHeaderList(message.Items, destination);
    }

    /// <summary>Writes the body into <paramref name="writer"/>.</summary>
    public static void Write(Headers message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = Write(message, writer.GetSpan(GetSize(message)));
        writer.Advance(size);
    }

    /// <summary>Reads a body off the front of <paramref name="body"/>; false when it ends early.</summary>
    /// <exception cref="BlockSyncProtocolException">Over the limit or not canonical.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> body, out Headers message)
    {
        message = null!;
        var reader = new SequenceReader<byte>(body);
        if (!WireReader.TryReadCount(ref reader, BlockSyncLimits.MaxHeadersPerReply, "headers", out var count)
            || !WireReader.TryReadHeaders(ref reader, count, out var headers))
        {
            return false;
        }

        message = new Headers(headers);
        body = body.Slice(reader.Position);
        return true;
    }

    /// <summary>Size of a varint count and that many headers.</summary>
    internal static int HeaderListSize(int count) => Varint.GetSize((ulong)count) + (count * ChainLimits.HeaderSize);

    /// <summary>Writes a varint count and the headers.</summary>
    internal static int WriteHeaderList(IReadOnlyList<Consensus.Model.BlockHeader> headers, Span<byte> destination)
    {
        var position = Varint.Write(destination, (ulong)headers.Count);
        foreach (var header in headers)
        {
            header.WriteTo(destination[position..]);
            position += ChainLimits.HeaderSize;
        }

        return position;
    }
}
