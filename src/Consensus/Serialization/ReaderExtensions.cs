using System.Buffers;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Serialization;

/// <summary>Field readers over <see cref="SequenceReader{T}"/> used by the consensus codecs.</summary>
internal static class ReaderExtensions
{
    public static bool TryReadUInt32(ref this SequenceReader<byte> reader, out uint value)
    {
        var ok = reader.TryReadLittleEndian(out int signed);
        value = (uint)signed;
        return ok;
    }

    public static bool TryReadHash(ref this SequenceReader<byte> reader, out Hash256 value)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        if (!reader.TryCopyTo(bytes))
        {
            value = default;
            return false;
        }

        reader.Advance(Hash256.Size);
        value = new Hash256(bytes);
        return true;
    }

    /// <summary>A CompactSize length (checked against <paramref name="limit"/> first) and that many bytes.</summary>
    public static bool TryReadVarBytes(ref this SequenceReader<byte> reader, int limit, out byte[] value)
    {
        value = [];
        if (!CompactSize.TryRead(ref reader, (ulong)limit, out var length))
        {
            return false;
        }

        if (reader.Remaining < (long)length)
        {
            return false;
        }

        value = new byte[(int)length];
        reader.TryCopyTo(value);
        reader.Advance((long)length);
        return true;
    }
}
