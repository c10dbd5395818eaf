using System.Buffers;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Body codec of <see cref="GetBlockTxs"/>: block hash, <c>cs n</c> (1..33,333), n × differential index (CB-2.5).</summary>
public static class GetBlockTxsCodec
{
    public static int GetSize(GetBlockTxs message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = CompactBlockLimits.HashSize + CompactWire.CountSize(message.Indexes.Count);
        var previous = -1;
        for (var i = 0; i < message.Indexes.Count; i++)
        {
            size += CompactWire.CountSize(DifferentialIndexes.Encode(previous, message.Indexes[i]));
            previous = message.Indexes[i];
        }

        return size;
    }

    public static int Write(GetBlockTxs message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        var position = CompactWire.WriteHash(destination, message.BlockHash);
        position += CompactWire.WriteCount(destination[position..], message.Indexes.Count);
        var previous = -1;
        for (var i = 0; i < message.Indexes.Count; i++)
        {
            position += DifferentialIndexes.WriteNext(destination[position..], previous, message.Indexes[i]);
            previous = message.Indexes[i];
        }

        return position;
    }

    public static void Write(GetBlockTxs message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Advance(Write(message, output.GetSpan(GetSize(message))));
    }

    public static bool TryRead(ref SequenceReader<byte> reader, out GetBlockTxs message)
    {
        message = null!;
        if (!CompactWire.TryReadHash(ref reader, out var hash)
            || !CompactWire.TryReadCount(ref reader, CompactBlockLimits.MaxTransactions, "GetBlockTxs count", out var count))
        {
            return false;
        }

        if (count == 0)
        {
            throw new CompactBlockProtocolException("GetBlockTxs asks for no transaction.");
        }

        // Each index takes at least one byte: a count beyond the remaining bytes is incomplete, not allocated.
        if (reader.Remaining < count)
        {
            return false;
        }

        var indexes = new int[count];
        var previous = -1;
        for (var i = 0; i < count; i++)
        {
            if (!DifferentialIndexes.TryReadNext(ref reader, previous, out indexes[i]))
            {
                return false;
            }

            previous = indexes[i];
        }

        message = new GetBlockTxs(hash, indexes);
        return true;
    }
}
