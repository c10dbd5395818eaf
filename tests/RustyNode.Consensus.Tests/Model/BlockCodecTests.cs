using System.Buffers;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Tests.Model;

public class BlockCodecTests
{
    [Fact]
    [Trait("Clause", "CHAIN-1.9")]
    public void Block_split_across_segments_parses_the_same()
    {
        var bytes = Vectors.Hex("chain/bitcoin-genesis-block.hex");
        var first = new Segment(bytes.AsMemory(0, 100));
        var last = first.Append(bytes.AsMemory(100));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));
        Assert.True(BlockCodec.TryRead(ref reader, out var block));
        Assert.True(reader.End);
        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", block.Hash.ToString());
        Assert.Equal("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", block.Transactions[0].TxId.ToString());
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.9")]
    public void Every_truncation_of_a_block_is_incomplete_and_consumes_nothing()
    {
        var bytes = ChainParameters.Regtest.GenesisBlock.ToBytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(BlockCodec.TryRead(ref reader, out _));
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Block_claiming_too_many_transactions_is_refused_before_reading_them()
    {
        var bytes = new byte[80 + 3];
        bytes[80] = 0xfd;
        BitConverter.GetBytes((ushort)(ChainLimits.MaxBlockTransactions + 1)).CopyTo(bytes, 81);
        var ex = Assert.Throws<ConsensusFormatException>(() => BlockCodec.FromBytes(bytes));
        Assert.True(ex.IsOverLimit);
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Random_block_bytes_only_return_false_or_throw_the_format_exception()
    {
        var random = new Random(99);
        var valid = ChainParameters.Regtest.GenesisBlock.ToBytes();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])valid.Clone();
            for (var k = 0; k < 1 + (i % 4); k++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
                BlockCodec.TryRead(ref reader, out _);
            }
            catch (ConsensusFormatException)
            {
            }
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
