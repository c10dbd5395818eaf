using System.Buffers;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Multiformats;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Body of <see cref="GetHeaders"/> (BS-2.1): varint n (0..101), n hashes, the stop hash.</summary>
public static class GetHeadersCodec
{
    /// <summary>Body size in bytes.</summary>
    /// <exception cref="ArgumentException">More than 101 locator hashes.</exception>
    public static int GetSize(GetHeaders message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Locator.Count > BlockSyncLimits.MaxLocatorHashes)
        {
            throw new ArgumentException($"A locator holds at most {BlockSyncLimits.MaxLocatorHashes} hashes.", nameof(message));
        }

        return Varint.GetSize((ulong)message.Locator.Count) + ((message.Locator.Count + 1) * Hash256.Size);
    }

    /// <summary>Writes the body into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(GetHeaders message, Span<byte> destination)
    {
        var size = GetSize(message);
        var position = Varint.Write(destination, (ulong)message.Locator.Count);
        foreach (var hash in message.Locator)
        {
            hash.WriteTo(destination[position..]);
            position += Hash256.Size;
        }

        message.Stop.WriteTo(destination[position..]);
        return size;
    }

    /// <summary>Writes the body into <paramref name="writer"/>.</summary>
    public static void Write(GetHeaders message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = Write(message, writer.GetSpan(GetSize(message)));
        writer.Advance(size);
    }

    /// <summary>Reads a body off the front of <paramref name="body"/>; false when it ends early.</summary>
    /// <exception cref="BlockSyncProtocolException">Over a limit or not canonical.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> body, out GetHeaders message)
    {
        message = null!;
        var reader = new SequenceReader<byte>(body);
        if (!WireReader.TryReadCount(ref reader, BlockSyncLimits.MaxLocatorHashes, "locator hashes", out var count)
            || !WireReader.TryReadHashes(ref reader, count, out var locator)
            || !WireReader.TryReadHash(ref reader, out var stop))
        {
            return false;
        }

        message = new GetHeaders(locator, stop);
        body = body.Slice(reader.Position);
        return true;
    }
}
