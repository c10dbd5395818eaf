using System.Buffers;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Model;

public class TransactionCodecTests
{
    private static Transaction Sample(int version = 1, byte[]? payload = null) => new(
        version,
        [new TxIn(new OutPoint(Hashes.DoubleSha256([1]), 3), [0x01, 0x02], 0xfffffffe)],
        [new TxOut(1234, [0x51]), new TxOut(99, new byte[300])],
        17,
        payload);

    [Fact]
    [Trait("Clause", "CHAIN-1.7")]
    public void Transaction_round_trips_and_consumes_exactly()
    {
        var tx = Sample();
        var bytes = tx.ToBytes();
        var parsed = TransactionCodec.FromBytes(bytes);
        Assert.Equal(tx.TxId, parsed.TxId);
        Assert.Equal(bytes, parsed.ToBytes());
        Assert.Equal(bytes.Length, parsed.Size);
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.8")]
    public void Special_transaction_carries_its_payload_after_the_lock_time()
    {
        var tx = Sample(1 | ((int)SpecialTransactionType.ProviderRegister << 16), [9, 8, 7]);
        var bytes = tx.ToBytes();
        Assert.Equal("03090807", Convert.ToHexStringLower(bytes.AsSpan(bytes.Length - 4)));
        var parsed = TransactionCodec.FromBytes(bytes);
        Assert.Equal(SpecialTransactionType.ProviderRegister, parsed.Type);
        Assert.Equal([9, 8, 7], parsed.ExtraPayload);
        Assert.Equal(tx.TxId, parsed.TxId);
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.7")]
    public void Every_truncation_is_incomplete_and_consumes_nothing()
    {
        var bytes = Sample().ToBytes();
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes, 0, length));
            Assert.False(TransactionCodec.TryRead(ref reader, out _));
            Assert.Equal(0, reader.Consumed);
        }
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.7")]
    public void Trailing_bytes_after_a_transaction_are_rejected()
    {
        byte[] bytes = [.. Sample().ToBytes(), 0];
        Assert.Throws<ConsensusFormatException>(() => TransactionCodec.FromBytes(bytes));
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Script_longer_than_the_limit_is_rejected_before_it_is_read()
    {
        var bytes = Convert.FromHexString("01000000" + "01" + new string('0', 64) + "00000000" + "fe10270100");
        var ex = Assert.Throws<ConsensusFormatException>(() => TransactionCodec.FromBytes(bytes));
        Assert.True(ex.IsOverLimit);
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Random_input_only_ever_returns_false_or_throws_the_format_exception()
    {
        var random = new Random(4242);
        var valid = Sample().ToBytes();
        for (var i = 0; i < 5000; i++)
        {
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 200)] : (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
                TransactionCodec.TryRead(ref reader, out _);
            }
            catch (ConsensusFormatException)
            {
            }
        }
    }
}
