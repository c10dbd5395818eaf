using System.Buffers;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>
/// Increasing transaction positions sent as differences (CB-3.3): the first as itself, each next as
/// its distance from the previous minus one, every value a CompactSize.
/// </summary>
public static class DifferentialIndexes
{
    /// <summary>The encoded value of <paramref name="index"/> following <paramref name="previous"/> (−1 for the first).</summary>
    public static int Encode(int previous, int index)
    {
        if (index <= previous || index > CompactBlockLimits.MaxIndex)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} must follow {previous} and be at most {CompactBlockLimits.MaxIndex}.");
        }

        return index - previous - 1;
    }

    /// <summary>Bytes the differential encoding of <paramref name="indexes"/> takes.</summary>
    public static int GetSize(ReadOnlySpan<int> indexes)
    {
        var size = 0;
        var previous = -1;
        foreach (var index in indexes)
        {
            size += CompactWire.CountSize(Encode(previous, index));
            previous = index;
        }

        return size;
    }

    /// <summary>Writes one index after <paramref name="previous"/>; returns the bytes written.</summary>
    public static int WriteNext(Span<byte> destination, int previous, int index) =>
        CompactWire.WriteCount(destination, Encode(previous, index));

    /// <summary>
    /// Reads the index after <paramref name="previous"/> (−1 for the first). False when the input ends
    /// inside it; throws (bad indexes) when it decodes above <see cref="CompactBlockLimits.MaxIndex"/>,
    /// checked on the raw value before any sum is formed.
    /// </summary>
    public static bool TryReadNext(ref SequenceReader<byte> reader, int previous, out int index)
    {
        index = 0;
        int difference;
        try
        {
            if (!CompactWire.TryReadCount(ref reader, CompactBlockLimits.MaxIndex, "Differential index", out difference))
            {
                return false;
            }
        }
        catch (CompactBlockProtocolException ex)
        {
            throw new CompactBlockProtocolException(ex.Message, ex) { BadIndexes = true };
        }

        var value = (long)previous + difference + 1;
        if (value > CompactBlockLimits.MaxIndex)
        {
            throw new CompactBlockProtocolException($"Index {value} exceeds {CompactBlockLimits.MaxIndex}.") { BadIndexes = true };
        }

        index = (int)value;
        return true;
    }
}
