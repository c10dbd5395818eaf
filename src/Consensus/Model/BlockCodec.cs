using System.Buffers;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Model;

/// <summary>Consensus serialization of blocks: the 80-byte header, a CompactSize count, the transactions.</summary>
public static class BlockCodec
{
    public static int GetSize(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var size = ChainLimits.HeaderSize + CompactSize.GetSize((ulong)block.Transactions.Count);
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            size += block.Transactions[i].Size;
        }

        return size;
    }

    public static int Write(Block block, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(block);
        block.Header.WriteTo(destination);
        var position = ChainLimits.HeaderSize;
        position += CompactSize.Write(destination[position..], (ulong)block.Transactions.Count);
        for (var i = 0; i < block.Transactions.Count; i++)
        {
            position += TransactionCodec.Write(block.Transactions[i], destination[position..]);
        }

        return position;
    }

    public static void Write(Block block, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(block);
        Write(block, output.GetSpan(size));
        output.Advance(size);
    }

    /// <summary>
    /// Reads one block. False (nothing consumed) when incomplete; throws
    /// <see cref="ConsensusFormatException"/> when malformed or larger than <see cref="ChainLimits.MaxBlockSize"/>.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out Block block)
    {
        block = null!;
        var startConsumed = reader.Consumed;
        Span<byte> headerBytes = stackalloc byte[ChainLimits.HeaderSize];
        if (!reader.TryCopyTo(headerBytes))
        {
            return false;
        }

        reader.Advance(ChainLimits.HeaderSize);
        if (!CompactSize.TryRead(ref reader, ChainLimits.MaxBlockTransactions, out var count))
        {
            reader.Rewind(reader.Consumed - startConsumed);
            return false;
        }

        var transactions = new List<Transaction>((int)Math.Min(count, 4096));
        for (ulong i = 0; i < count; i++)
        {
            if (!TransactionCodec.TryRead(ref reader, out var tx))
            {
                reader.Rewind(reader.Consumed - startConsumed);
                return false;
            }

            transactions.Add(tx);
            if (reader.Consumed - startConsumed > ChainLimits.MaxBlockSize)
            {
                throw ConsensusFormatException.OverLimit("Block size", reader.Consumed - startConsumed, ChainLimits.MaxBlockSize);
            }
        }

        block = new Block(BlockHeader.FromBytes(headerBytes), transactions);
        return true;
    }

    /// <summary>Parses a buffer holding exactly one block; throws <see cref="ConsensusFormatException"/> otherwise.</summary>
    public static Block FromBytes(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length > ChainLimits.MaxBlockSize)
        {
            throw ConsensusFormatException.OverLimit("Block size", bytes.Length, ChainLimits.MaxBlockSize);
        }

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (!TryRead(ref reader, out var block))
        {
            throw new ConsensusFormatException("The block is truncated.");
        }

        if (!reader.End)
        {
            throw new ConsensusFormatException($"{reader.Remaining} bytes follow the block.");
        }

        return block;
    }
}
