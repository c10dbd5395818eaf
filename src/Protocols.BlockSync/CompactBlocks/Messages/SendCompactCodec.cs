using System.Buffers;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Body codec of <see cref="SendCompact"/>: <c>u8 mode | u64 version</c> (CB-2.1).</summary>
public static class SendCompactCodec
{
    public static int GetSize(SendCompact message) => SendCompact.BodySize;

    public static int Write(SendCompact message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        destination[0] = message.HighBandwidth ? (byte)1 : (byte)0;
        return 1 + CompactWire.WriteUInt64(destination[1..], message.Version);
    }

    public static void Write(SendCompact message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Advance(Write(message, output.GetSpan(SendCompact.BodySize)));
    }

    public static bool TryRead(ref SequenceReader<byte> reader, out SendCompact message)
    {
        message = null!;
        if (reader.Remaining < SendCompact.BodySize)
        {
            return false;
        }

        reader.TryRead(out var mode);
        reader.TryReadLittleEndian(out long version);
        if (mode > 1)
        {
            throw new CompactBlockProtocolException($"SendCompact mode {mode} is neither 0 nor 1.");
        }

        message = new SendCompact(mode == 1, (ulong)version);
        return true;
    }
}
