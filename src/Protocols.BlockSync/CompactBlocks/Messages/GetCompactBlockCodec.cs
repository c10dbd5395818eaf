using System.Buffers;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Body codec of <see cref="GetCompactBlock"/>: the 32-byte block hash (CB-2.4).</summary>
public static class GetCompactBlockCodec
{
    public static int GetSize(GetCompactBlock message) => CompactBlockLimits.HashSize;

    public static int Write(GetCompactBlock message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        return CompactWire.WriteHash(destination, message.BlockHash);
    }

    public static void Write(GetCompactBlock message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Advance(Write(message, output.GetSpan(CompactBlockLimits.HashSize)));
    }

    public static bool TryRead(ref SequenceReader<byte> reader, out GetCompactBlock message)
    {
        message = null!;
        if (!CompactWire.TryReadHash(ref reader, out var hash))
        {
            return false;
        }

        message = new GetCompactBlock(hash);
        return true;
    }
}
