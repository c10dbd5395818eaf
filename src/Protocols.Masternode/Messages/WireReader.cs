using System.Buffers;
using RustyNode.Consensus;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>
/// Field readers of the masternode codecs (MN-1.3). False means the input ended inside the field;
/// a length or count over its limit, or a non-shortest CompactSize, throws
/// <see cref="MasternodeProtocolException"/> before anything is allocated.
/// </summary>
internal static class WireReader
{
    public static bool TryReadHash(ref this SequenceReader<byte> reader, out Hash256 value)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        value = default;
        if (!reader.TryCopyTo(bytes))
        {
            return false;
        }

        reader.Advance(Hash256.Size);
        value = new Hash256(bytes);
        return true;
    }

    public static bool TryReadUInt32(ref this SequenceReader<byte> reader, out uint value)
    {
        var ok = reader.TryReadLittleEndian(out int signed);
        value = (uint)signed;
        return ok;
    }

    public static bool TryReadUInt64(ref this SequenceReader<byte> reader, out ulong value)
    {
        var ok = reader.TryReadLittleEndian(out long signed);
        value = (ulong)signed;
        return ok;
    }

    /// <summary>A CompactSize count or length, compared with <paramref name="limit"/>.</summary>
    public static bool TryReadCount(ref this SequenceReader<byte> reader, int limit, string what, out int value)
    {
        value = 0;
        ulong count;
        try
        {
            if (!CompactSize.TryRead(ref reader, ulong.MaxValue, out count))
            {
                return false;
            }
        }
        catch (ConsensusFormatException ex)
        {
            throw new MasternodeProtocolException($"{what}: {ex.Message}", ex);
        }

        if (count > (ulong)limit)
        {
            throw MasternodeProtocolException.OverLimit(what, count, limit);
        }

        value = (int)count;
        return true;
    }

    public static bool TryReadVarBytes(ref this SequenceReader<byte> reader, int limit, string what, out byte[] value)
    {
        value = [];
        var start = reader.Consumed;
        if (!reader.TryReadCount(limit, what, out var length) || reader.Remaining < length)
        {
            reader.Rewind(reader.Consumed - start);
            return false;
        }

        value = new byte[length];
        reader.TryCopyTo(value);
        reader.Advance(length);
        return true;
    }

    public static bool TryReadHashes(ref this SequenceReader<byte> reader, int limit, string what, out Hash256[] hashes)
    {
        hashes = [];
        if (!reader.TryReadCount(limit, what, out var count) || reader.Remaining < (long)count * Hash256.Size)
        {
            return false;
        }

        hashes = new Hash256[count];
        for (var i = 0; i < count; i++)
        {
            reader.TryReadHash(out hashes[i]);
        }

        return true;
    }

    public static bool TryReadEntries(ref this SequenceReader<byte> reader, int limit, string what, out MasternodeEntry[] entries)
    {
        entries = [];
        if (!reader.TryReadCount(limit, what, out var count))
        {
            return false;
        }

        var result = new MasternodeEntry[count];
        for (var i = 0; i < count; i++)
        {
            try
            {
                if (!MasternodeEntryCodec.TryRead(ref reader, out result[i]))
                {
                    return false;
                }
            }
            catch (ConsensusFormatException ex)
            {
                throw new MasternodeProtocolException($"{what}: entry {i}: {ex.Message}", ex) { IsOverLimit = ex.IsOverLimit };
            }
        }

        entries = result;
        return true;
    }

    /// <summary>A coinbase: a CompactSize length (≤ <see cref="MasternodeLimits.MaxCoinbaseSize"/>) and exactly one transaction in it.</summary>
    public static bool TryReadCoinbase(ref this SequenceReader<byte> reader, out Transaction coinbase)
    {
        coinbase = null!;
        if (!reader.TryReadVarBytes(MasternodeLimits.MaxCoinbaseSize, "coinbase size", out var bytes))
        {
            return false;
        }

        try
        {
            coinbase = TransactionCodec.FromBytes(bytes);
            return true;
        }
        catch (ConsensusFormatException ex)
        {
            throw new MasternodeProtocolException($"coinbase: {ex.Message}", ex);
        }
    }
}
