using System.Buffers;
using System.Buffers.Binary;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>
/// Body of a <see cref="Chunk"/> frame (BS-1.3): the total payload length and this chunk's offset,
/// u32 little-endian each, then the data. The frame's code byte is written by the caller.
/// </summary>
public static class ChunkCodec
{
    /// <summary>Body bytes before the data.</summary>
    public const int HeaderSize = 8;

    /// <summary>Writes the chunk header for <paramref name="totalLength"/> and <paramref name="offset"/>.</summary>
    public static void WriteHeader(uint totalLength, uint offset, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, totalLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], offset);
    }

    /// <summary>Reads a chunk body: its header and the rest of <paramref name="body"/> as data (not copied).</summary>
    /// <returns>False when the body is shorter than the header.</returns>
    public static bool TryRead(ref ReadOnlySequence<byte> body, out Chunk chunk)
    {
        chunk = default;
        var reader = new SequenceReader<byte>(body);
        if (!WireReader.TryReadUInt32(ref reader, out var total) || !WireReader.TryReadUInt32(ref reader, out var offset))
        {
            return false;
        }

        chunk = new Chunk(total, offset, body.Slice(reader.Position));
        body = body.Slice(body.End);
        return true;
    }

    /// <summary>The data length of the chunk at <paramref name="offset"/> of a <paramref name="totalLength"/>-byte payload (BS-1.3).</summary>
    public static int DataLength(uint totalLength, uint offset) => (int)Math.Min(BlockSyncLimits.MaxChunkData, totalLength - offset);
}
