using System.Buffers;
using RustyNode.Consensus;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Multiformats;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Field readers shared by the block-sync codecs; false means the payload ended early.</summary>
internal static class WireReader
{
    /// <summary>A minimal unsigned varint count, checked against <paramref name="max"/> before anything is allocated for it.</summary>
    /// <exception cref="BlockSyncProtocolException">Not minimal, or over <paramref name="max"/>.</exception>
    public static bool TryReadCount(ref SequenceReader<byte> reader, int max, string what, out int count)
    {
        ulong value;
        try
        {
            if (!Varint.TryRead(ref reader, out value))
            {
                count = 0;
                return false;
            }
        }
        catch (MultiformatException ex)
        {
            throw new BlockSyncProtocolException($"Bad {what}: {ex.Message}", ex);
        }

        if (value > (ulong)max)
        {
            throw new BlockSyncProtocolException($"{value} {what} exceed the limit of {max}.");
        }

        count = (int)value;
        return true;
    }

    /// <summary>True when at least <paramref name="count"/> items of <paramref name="itemSize"/> bytes remain.</summary>
    public static bool HasItems(in SequenceReader<byte> reader, int count, int itemSize) => reader.Remaining >= (long)count * itemSize;

    public static bool TryReadHash(ref SequenceReader<byte> reader, out Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        if (!reader.TryCopyTo(bytes))
        {
            hash = default;
            return false;
        }

        reader.Advance(Hash256.Size);
        hash = new Hash256(bytes);
        return true;
    }

    public static bool TryReadHeader(ref SequenceReader<byte> reader, out BlockHeader header)
    {
        Span<byte> bytes = stackalloc byte[ChainLimits.HeaderSize];
        if (!reader.TryCopyTo(bytes))
        {
            header = null!;
            return false;
        }

        reader.Advance(ChainLimits.HeaderSize);
        header = BlockHeader.FromBytes(bytes);
        return true;
    }

    public static bool TryReadUInt32(ref SequenceReader<byte> reader, out uint value)
    {
        var ok = reader.TryReadLittleEndian(out int signed);
        value = (uint)signed;
        return ok;
    }

    /// <summary>Reads <paramref name="count"/> hashes, all present (the caller checked the length).</summary>
    public static bool TryReadHashes(ref SequenceReader<byte> reader, int count, out Hash256[] hashes)
    {
        hashes = [];
        if (!HasItems(reader, count, Hash256.Size))
        {
            return false;
        }

        hashes = new Hash256[count];
        for (var i = 0; i < count; i++)
        {
            TryReadHash(ref reader, out hashes[i]);
        }

        return true;
    }

    /// <summary>Reads <paramref name="count"/> 80-byte headers.</summary>
    public static bool TryReadHeaders(ref SequenceReader<byte> reader, int count, out BlockHeader[] headers)
    {
        headers = [];
        if (!HasItems(reader, count, ChainLimits.HeaderSize))
        {
            return false;
        }

        headers = new BlockHeader[count];
        for (var i = 0; i < count; i++)
        {
            TryReadHeader(ref reader, out headers[i]);
        }

        return true;
    }
}
