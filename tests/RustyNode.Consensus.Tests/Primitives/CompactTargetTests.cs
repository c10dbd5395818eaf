using System.Numerics;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Primitives;

/// <summary>The SetCompact/GetCompact examples of Bitcoin Core's arith_uint256 tests.</summary>
public class CompactTargetTests
{
    [Theory]
    [Trait("Clause", "CHAIN-1.6")]
    [InlineData(0x00000000u)]
    [InlineData(0x00123456u)]
    [InlineData(0x01003456u)]
    [InlineData(0x02000056u)]
    [InlineData(0x03000000u)]
    [InlineData(0x04000000u)]
    [InlineData(0x00923456u)]
    [InlineData(0x01803456u)]
    [InlineData(0x02800056u)]
    [InlineData(0x03800000u)]
    [InlineData(0x04800000u)]
    public void Encodings_of_zero_decode_to_zero_and_are_not_negative(uint bits)
    {
        var value = CompactTarget.Decode(bits, out var negative, out var overflow);
        Assert.True(value.IsZero);
        Assert.False(negative);
        Assert.False(overflow);
        Assert.Equal(0u, CompactTarget.Encode(CompactTarget.ToBigInteger(value)));
        Assert.False(CompactTarget.TryDecodeTarget(bits, out _));
    }

    [Theory]
    [Trait("Clause", "CHAIN-1.6")]
    [InlineData(0x01123456u, "12", false, 0x01120000u)]
    [InlineData(0x01fedcbau, "7e", true, 0x01fe0000u)]
    [InlineData(0x02123456u, "1234", false, 0x02123400u)]
    [InlineData(0x03123456u, "123456", false, 0x03123456u)]
    [InlineData(0x04123456u, "12345600", false, 0x04123456u)]
    [InlineData(0x04923456u, "12345600", true, 0x04923456u)]
    [InlineData(0x05009234u, "92340000", false, 0x05009234u)]
    [InlineData(0x1d00ffffu, "ffff0000000000000000000000000000000000000000000000000000", false, 0x1d00ffffu)]
    public void Bitcoin_core_examples_decode_and_re_encode(uint bits, string hex, bool expectNegative, uint reencoded)
    {
        var value = CompactTarget.Decode(bits, out var negative, out var overflow);
        Assert.False(overflow);
        Assert.Equal(expectNegative, negative);
        Assert.Equal(BigInteger.Parse("0" + hex, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture), CompactTarget.ToBigInteger(value));
        Assert.Equal(reencoded, CompactTarget.Encode(CompactTarget.ToBigInteger(value), negative));
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.6")]
    public void Exponent_0x20_shifts_the_mantissa_to_the_top_bytes()
    {
        var value = CompactTarget.Decode(0x20123456, out var negative, out var overflow);
        Assert.False(negative || overflow);
        Assert.Equal(new BigInteger(0x123456) << (8 * 29), CompactTarget.ToBigInteger(value));
        Assert.Equal(0x20123456u, CompactTarget.Encode(CompactTarget.ToBigInteger(value)));
    }

    [Theory]
    [Trait("Clause", "CHAIN-1.6")]
    [InlineData(0xff123456u)]
    [InlineData(0x23000001u)]
    [InlineData(0x22000100u)]
    [InlineData(0x21010000u)]
    public void Overflowing_encodings_are_reported(uint bits)
    {
        CompactTarget.Decode(bits, out _, out var overflow);
        Assert.True(overflow);
        Assert.False(CompactTarget.TryDecodeTarget(bits, out _));
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.5")]
    public void Work_of_the_bitcoin_genesis_target_is_4295032833()
    {
        Assert.Equal(new BigInteger(4295032833), CompactTarget.WorkForBits(0x1d00ffff));
    }
}
