using System.Buffers;
using RustyNode.Consensus;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Body codec of <see cref="NewBlock"/>: the 80-byte header (CB-2.7).</summary>
public static class NewBlockCodec
{
    public static int GetSize(NewBlock message) => ChainLimits.HeaderSize;

    public static int Write(NewBlock message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Header.WriteTo(destination);
        return ChainLimits.HeaderSize;
    }

    public static void Write(NewBlock message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Advance(Write(message, output.GetSpan(ChainLimits.HeaderSize)));
    }

    public static bool TryRead(ref SequenceReader<byte> reader, out NewBlock message)
    {
        message = null!;
        if (!CompactWire.TryReadHeader(ref reader, out var header))
        {
            return false;
        }

        message = new NewBlock(header);
        return true;
    }
}
