using System.Buffers;
using RustyNode.Consensus;
using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Body codec of <see cref="BlockTxs"/>: block hash, <c>cs n</c> (1..33,333), n × transaction (CB-2.6).</summary>
public static class BlockTxsCodec
{
    public static int GetSize(BlockTxs message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = CompactBlockLimits.HashSize + CompactWire.CountSize(message.Transactions.Count);
        for (var i = 0; i < message.Transactions.Count; i++)
        {
            size += message.Transactions[i].Size;
        }

        return size;
    }

    public static int Write(BlockTxs message, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        var position = CompactWire.WriteHash(destination, message.BlockHash);
        position += CompactWire.WriteCount(destination[position..], message.Transactions.Count);
        for (var i = 0; i < message.Transactions.Count; i++)
        {
            position += TransactionCodec.Write(message.Transactions[i], destination[position..]);
        }

        return position;
    }

    public static void Write(BlockTxs message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Advance(Write(message, output.GetSpan(GetSize(message))));
    }

    public static bool TryRead(ref SequenceReader<byte> reader, out BlockTxs message)
    {
        message = null!;
        if (!CompactWire.TryReadHash(ref reader, out var hash)
            || !CompactWire.TryReadCount(ref reader, CompactBlockLimits.MaxTransactions, "BlockTxs count", out var count))
        {
            return false;
        }

        if (count == 0)
        {
            throw new CompactBlockProtocolException("BlockTxs carries no transaction.");
        }

        var transactions = new List<Transaction>(Math.Min(count, (int)Math.Min(reader.Remaining / ChainLimits.MinTransactionSize, int.MaxValue) + 1));
        for (var i = 0; i < count; i++)
        {
            if (!CompactWire.TryReadTransaction(ref reader, out var tx))
            {
                return false;
            }

            transactions.Add(tx);
        }

        message = new BlockTxs(hash, transactions);
        return true;
    }
}
