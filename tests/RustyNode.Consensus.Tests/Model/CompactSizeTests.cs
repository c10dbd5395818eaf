using System.Buffers;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Tests.Model;

public class CompactSizeTests
{
    [Theory]
    [Trait("Clause", "CHAIN-1.2")]
    [InlineData(0UL, "00")]
    [InlineData(0xfcUL, "fc")]
    [InlineData(0xfdUL, "fdfd00")]
    [InlineData(0xffffUL, "fdffff")]
    [InlineData(0x10000UL, "fe00000100")]
    [InlineData(0xffffffffUL, "feffffffff")]
    [InlineData(0x100000000UL, "ff0000000001000000")]
    public void Golden_vectors_round_trip_and_consume_exactly(ulong value, string hex)
    {
        var buffer = new byte[9];
        var written = CompactSize.Write(buffer, value);
        Assert.Equal(hex, Convert.ToHexStringLower(buffer.AsSpan(0, written)));
        Assert.Equal(written, CompactSize.GetSize(value));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, 0, written));
        Assert.True(CompactSize.TryRead(ref reader, ulong.MaxValue, out var read));
        Assert.Equal(value, read);
        Assert.True(reader.End);
    }

    [Theory]
    [Trait("Clause", "CHAIN-1.3")]
    [InlineData("fd0000")]
    [InlineData("fdfc00")]
    [InlineData("feffff0000")]
    [InlineData("ffffffffff00000000")]
    public void Non_canonical_encodings_are_rejected(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Throws<ConsensusFormatException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            CompactSize.TryRead(ref reader, ulong.MaxValue, out _);
        });
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.3")]
    public void Truncated_encoding_is_incomplete_and_consumes_nothing()
    {
        var bytes = Convert.FromHexString("fe0000");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.False(CompactSize.TryRead(ref reader, ulong.MaxValue, out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Value_above_the_limit_is_rejected_as_over_limit()
    {
        var bytes = Convert.FromHexString("fe00000100");
        var ex = Assert.Throws<ConsensusFormatException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            CompactSize.TryRead(ref reader, 0xffff, out _);
        });
        Assert.True(ex.IsOverLimit);
    }
}
