using System.Buffers;
using System.Buffers.Binary;

namespace RustyNode.Consensus.Serialization;

/// <summary>
/// Bitcoin's CompactSize count encoding (CHAIN-1.2): below 0xfd one byte; otherwise a marker byte
/// 0xfd, 0xfe or 0xff followed by a 2-, 4- or 8-byte little-endian value. Only the shortest form is
/// accepted (CHAIN-1.3).
/// </summary>
public static class CompactSize
{
    /// <summary>Bytes needed to encode <paramref name="value"/>.</summary>
    public static int GetSize(ulong value) => value switch
    {
        < 0xfd => 1,
        <= 0xffff => 3,
        <= 0xffff_ffff => 5,
        _ => 9,
    };

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        switch (value)
        {
            case < 0xfd:
                destination[0] = (byte)value;
                return 1;
            case <= 0xffff:
                destination[0] = 0xfd;
                BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)value);
                return 3;
            case <= 0xffff_ffff:
                destination[0] = 0xfe;
                BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], (uint)value);
                return 5;
            default:
                destination[0] = 0xff;
                BinaryPrimitives.WriteUInt64LittleEndian(destination[1..], value);
                return 9;
        }
    }

    /// <summary>
    /// Reads a CompactSize. False (nothing consumed) when the input ends inside it; throws
    /// <see cref="ConsensusFormatException"/> for a non-shortest encoding or a value above <paramref name="limit"/>.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, ulong limit, out ulong value)
    {
        value = 0;
        if (!reader.TryPeek(out var marker))
        {
            return false;
        }

        var length = marker switch { 0xfd => 2, 0xfe => 4, 0xff => 8, _ => 0 };
        if (reader.Remaining < 1 + length)
        {
            return false;
        }

        reader.Advance(1);
        Span<byte> buffer = stackalloc byte[8];
        buffer.Clear();
        if (length > 0)
        {
            reader.TryCopyTo(buffer[..length]);
            reader.Advance(length);
        }

        (value, var minimum) = length switch
        {
            0 => (marker, 0UL),
            2 => (BinaryPrimitives.ReadUInt16LittleEndian(buffer), 0xfdUL),
            4 => (BinaryPrimitives.ReadUInt32LittleEndian(buffer), 0x1_0000UL),
            _ => (BinaryPrimitives.ReadUInt64LittleEndian(buffer), 0x1_0000_0000UL),
        };
        if (value < minimum)
        {
            throw new ConsensusFormatException($"Non-canonical CompactSize: {value} written in {1 + length} bytes.");
        }

        if (value > limit)
        {
            throw ConsensusFormatException.OverLimit("CompactSize", (long)Math.Min(value, long.MaxValue), (long)limit);
        }

        return true;
    }
}
