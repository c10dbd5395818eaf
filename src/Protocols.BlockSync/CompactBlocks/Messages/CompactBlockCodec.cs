using System.Buffers;
using RustyNode.Consensus;
using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>
/// Body codec of <see cref="CompactBlock"/> (CB-2.2): header, <c>u64 nonce</c>, <c>cs n</c>, n × 6-byte
/// short id, <c>cs p</c>, p × (differential index, transaction). Counts are checked before allocating.
/// </summary>
public static class CompactBlockCodec
{
    public static int GetSize(CompactBlock message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = ChainLimits.HeaderSize + sizeof(ulong) + CompactWire.CountSize(message.ShortIds.Count)
            + (message.ShortIds.Count * CompactBlockLimits.ShortIdSize) + CompactWire.CountSize(message.Prefilled.Count);
        var previous = -1;
        for (var i = 0; i < message.Prefilled.Count; i++)
        {
            var prefilled = message.Prefilled[i];
            size += CompactWire.CountSize(DifferentialIndexes.Encode(previous, prefilled.Index)) + prefilled.Transaction.Size;
            previous = prefilled.Index;
        }

        return size;
    }

    public static int Write(CompactBlock message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Header.WriteTo(destination);
        var position = ChainLimits.HeaderSize;
        position += CompactWire.WriteUInt64(destination[position..], message.Nonce);
        position += CompactWire.WriteCount(destination[position..], message.ShortIds.Count);
        for (var i = 0; i < message.ShortIds.Count; i++)
        {
            var id = message.ShortIds[i];
            for (var b = 0; b < CompactBlockLimits.ShortIdSize; b++)
            {
                destination[position++] = (byte)(id >> (8 * b));
            }
        }

        position += CompactWire.WriteCount(destination[position..], message.Prefilled.Count);
        var previous = -1;
        for (var i = 0; i < message.Prefilled.Count; i++)
        {
            var prefilled = message.Prefilled[i];
            position += DifferentialIndexes.WriteNext(destination[position..], previous, prefilled.Index);
            position += TransactionCodec.Write(prefilled.Transaction, destination[position..]);
            previous = prefilled.Index;
        }

        return position;
    }

    public static void Write(CompactBlock message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(message);
        output.Advance(Write(message, output.GetSpan(size)));
    }

    /// <summary>Reads one body; false when the input ends inside it; throws when malformed or an index is bad (CB-2.3).</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out CompactBlock message)
    {
        message = null!;
        if (!CompactWire.TryReadHeader(ref reader, out var header)
            || !reader.TryReadLittleEndian(out long nonce)
            || !CompactWire.TryReadCount(ref reader, CompactBlockLimits.MaxTransactions, "Short id count", out var count)
            || reader.Remaining < (long)count * CompactBlockLimits.ShortIdSize)
        {
            return false;
        }

        var shortIds = ReadShortIds(ref reader, count);
        if (!CompactWire.TryReadCount(ref reader, CompactBlockLimits.MaxTransactions - count, "Prefilled count", out var prefilledCount))
        {
            return false;
        }

        if (count + prefilledCount == 0)
        {
            throw new CompactBlockProtocolException("A compact block names no transaction.");
        }

        var prefilled = new List<PrefilledTransaction>(Math.Min(prefilledCount, (int)Math.Min(reader.Remaining / ChainLimits.MinTransactionSize, int.MaxValue) + 1));
        var previous = -1;
        for (var i = 0; i < prefilledCount; i++)
        {
            if (!DifferentialIndexes.TryReadNext(ref reader, previous, out var index))
            {
                return false;
            }

            if (index >= count + prefilledCount)
            {
                throw new CompactBlockProtocolException($"Prefilled index {index} is beyond the block's {count + prefilledCount} transactions.") { BadIndexes = true };
            }

            if (!CompactWire.TryReadTransaction(ref reader, out var tx))
            {
                return false;
            }

            prefilled.Add(new PrefilledTransaction(index, tx));
            previous = index;
        }

        message = new CompactBlock(header, (ulong)nonce, shortIds, prefilled);
        return true;
    }

    private static ulong[] ReadShortIds(ref SequenceReader<byte> reader, int count)
    {
        var shortIds = count == 0 ? [] : new ulong[count];
        Span<byte> bytes = stackalloc byte[CompactBlockLimits.ShortIdSize];
        for (var i = 0; i < count; i++)
        {
            reader.TryCopyTo(bytes);
            reader.Advance(CompactBlockLimits.ShortIdSize);
            ulong id = 0;
            for (var b = CompactBlockLimits.ShortIdSize - 1; b >= 0; b--)
            {
                id = (id << 8) | bytes[b];
            }

            shortIds[i] = id;
        }

        return shortIds;
    }
}
