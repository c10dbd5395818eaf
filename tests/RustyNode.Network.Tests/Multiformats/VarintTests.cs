using System.Buffers;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Tests.Multiformats;

public class VarintTests
{
    [Theory]
    [Trait("Clause", "ENC-1.1")]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(255UL, "ff01")]
    [InlineData(300UL, "ac02")]
    [InlineData(16384UL, "808001")]
    [InlineData(0x7FFFFFFFFFFFFFFFUL, "ffffffffffffffff7f")]
    public void Golden_vectors_from_the_multiformats_spec_round_trip(ulong value, string hex)
    {
        var encoded = Varint.Encode(value);
        Assert.Equal(hex, Convert.ToHexStringLower(encoded));
        Assert.Equal(encoded.Length, Varint.GetSize(value));
        Assert.True(Varint.TryRead(encoded, out var decoded, out var consumed));
        Assert.Equal(value, decoded);
        Assert.Equal(encoded.Length, consumed);
    }

    [Fact]
    [Trait("Clause", "ENC-1.2")]
    public void Non_minimal_encoding_is_rejected()
    {
        Assert.Throws<MultiformatException>(() => Varint.TryRead([0x81, 0x00], out _, out _));
        Assert.Throws<MultiformatException>(() => Varint.TryRead([0x80, 0x80, 0x00], out _, out _));
    }

    [Fact]
    [Trait("Clause", "ENC-1.2")]
    public void Ten_byte_varint_is_rejected()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 9).Append((byte)0x01).ToArray();
        Assert.Throws<MultiformatException>(() => Varint.TryRead(bytes, out _, out _));
        Assert.Throws<MultiformatException>(() => Varint.TryRead(bytes.AsSpan(0, 9), out _, out _));
    }

    [Fact]
    [Trait("Clause", "ENC-1.3")]
    public void Truncated_varint_is_incomplete_not_malformed()
    {
        Assert.False(Varint.TryRead([0x80, 0x80], out _, out var consumed));
        Assert.Equal(0, consumed);
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0xAC });
        var reader = new SequenceReader<byte>(sequence);
        Assert.False(Varint.TryRead(ref reader, out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    [Trait("Clause", "ENC-1.4")]
    public void Length_prefix_over_the_limit_is_rejected_before_reading_the_payload()
    {
        Assert.Throws<MultiformatException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Varint.Encode(2000)));
            Varint.TryReadLength(ref reader, 1024, out _);
        });
    }

    [Fact]
    public void Random_inputs_never_throw_anything_but_a_multiformat_error()
    {
        var random = new Random(42);
        var buffer = new byte[12];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length + 1);
            try
            {
                if (Varint.TryRead(buffer.AsSpan(0, length), out var value, out var consumed))
                {
                    Assert.Equal(buffer.AsSpan(0, consumed).ToArray(), Varint.Encode(value));
                }
            }
            catch (MultiformatException)
            {
            }
        }
    }
}
