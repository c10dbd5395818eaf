using System.Buffers;
using System.Buffers.Binary;
using RustyNode.Consensus;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Field readers and writers shared by the compact-blocks codecs; reads return false when the input ends inside a field.</summary>
internal static class CompactWire
{
    /// <summary>A CompactSize checked against <paramref name="limit"/> before it is used; throws for a non-shortest form or a value over the limit.</summary>
    public static bool TryReadCount(ref SequenceReader<byte> reader, int limit, string what, out int value)
    {
        value = 0;
        try
        {
            if (!CompactSize.TryRead(ref reader, ChainLimits.MaxCompactSize, out var raw))
            {
                return false;
            }

            if (raw > (ulong)limit)
            {
                throw new CompactBlockProtocolException($"{what} {raw} exceeds the limit {limit}.");
            }

            value = (int)raw;
            return true;
        }
        catch (ConsensusFormatException ex)
        {
            throw new CompactBlockProtocolException($"{what}: {ex.Message}", ex);
        }
    }

    public static bool TryReadHash(ref SequenceReader<byte> reader, out Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        hash = default;
        if (!reader.TryCopyTo(bytes))
        {
            return false;
        }

        reader.Advance(Hash256.Size);
        hash = new Hash256(bytes);
        return true;
    }

    public static bool TryReadHeader(ref SequenceReader<byte> reader, out BlockHeader header)
    {
        Span<byte> bytes = stackalloc byte[ChainLimits.HeaderSize];
        header = null!;
        if (!reader.TryCopyTo(bytes))
        {
            return false;
        }

        reader.Advance(ChainLimits.HeaderSize);
        header = BlockHeader.FromBytes(bytes);
        return true;
    }

    /// <summary>One transaction (CHAIN-1.7); a malformed one is a malformed message.</summary>
    public static bool TryReadTransaction(ref SequenceReader<byte> reader, out Transaction tx)
    {
        try
        {
            return TransactionCodec.TryRead(ref reader, out tx);
        }
        catch (ConsensusFormatException ex)
        {
            throw new CompactBlockProtocolException($"Malformed transaction: {ex.Message}", ex);
        }
    }

    public static int WriteCount(Span<byte> destination, int value) => CompactSize.Write(destination, (ulong)value);

    public static int WriteHash(Span<byte> destination, in Hash256 hash)
    {
        hash.WriteTo(destination);
        return Hash256.Size;
    }

    public static int WriteUInt64(Span<byte> destination, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, value);
        return sizeof(ulong);
    }

    public static int CountSize(int value) => CompactSize.GetSize((ulong)value);
}
