using System.Buffers;
using RustyNode.Network.Muxing.Mplex;

namespace RustyNode.Network.Tests.Muxing.Mplex;

public class MplexFrameHeaderTests
{
    [Theory]
    [Trait("Clause", "MPX-1.1")]
    [InlineData(0L, MplexFlag.NewStream, 1, "0001")]
    [InlineData(1L, MplexFlag.MessageInitiator, 5, "0a05")]
    [InlineData(3L, MplexFlag.MessageReceiver, 300, "19ac02")]
    [InlineData(16L, MplexFlag.CloseInitiator, 0, "840100")]
    [InlineData(1000L, MplexFlag.ResetReceiver, 0, "c53e00")]
    [InlineData(7L, MplexFlag.ResetInitiator, 1024 * 1024, "3e808040")]
    public void Golden_headers_round_trip_and_consume_exactly(long id, MplexFlag flag, int length, string hex)
    {
        var header = new MplexFrameHeader(id, flag, length);
        var writer = new ArrayBufferWriter<byte>();
        header.Write(writer);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
        Assert.Equal(writer.WrittenCount, header.GetSize());

        var buffer = new ReadOnlySequence<byte>([.. writer.WrittenSpan, 0xEE]);
        Assert.True(MplexFrameHeader.TryRead(ref buffer, out var read));
        Assert.Equal(header, read);
        Assert.Equal(new byte[] { 0xEE }, buffer.ToArray());
    }

    [Fact]
    [Trait("Clause", "MPX-1.1")]
    public void A_header_cut_short_is_incomplete_and_consumes_nothing()
    {
        foreach (var hex in new[] { "", "84", "8401", "3e8080" })
        {
            var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
            Assert.False(MplexFrameHeader.TryRead(ref buffer, out _));
            Assert.Equal(hex.Length / 2, buffer.Length);
        }
    }

    [Fact]
    [Trait("Clause", "MPX-1.4")]
    public void A_length_over_one_mebibyte_is_rejected_before_the_payload()
    {
        var writer = new ArrayBufferWriter<byte>();
        new MplexFrameHeader(1, MplexFlag.MessageInitiator, MplexLimits.MaxMessageSize + 1).Write(writer);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        var ex = Assert.Throws<MplexProtocolException>(() => MplexFrameHeader.TryRead(ref buffer, out _));
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "MPX-1.2")]
    public void Flag_seven_is_rejected()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("0f00"));
        Assert.Throws<MplexProtocolException>(() => MplexFrameHeader.TryRead(ref buffer, out _));
    }

    [Fact]
    [Trait("Clause", "MPX-1.1")]
    public void A_non_minimal_varint_is_a_protocol_error()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("8a0000"));
        Assert.Throws<MplexProtocolException>(() => MplexFrameHeader.TryRead(ref buffer, out _));
    }

    [Fact]
    public void Random_inputs_only_ever_parse_or_raise_an_mplex_error()
    {
        var random = new Random(99);
        var bytes = new byte[20];
        for (var i = 0; i < 50_000; i++)
        {
            random.NextBytes(bytes);
            var buffer = new ReadOnlySequence<byte>(bytes, 0, random.Next(bytes.Length + 1));
            var before = buffer.Length;
            try
            {
                if (MplexFrameHeader.TryRead(ref buffer, out var header))
                {
                    Assert.Equal(before - header.GetSize(), buffer.Length);
                    Assert.InRange(header.Length, 0, MplexLimits.MaxMessageSize);
                }
                else
                {
                    Assert.Equal(before, buffer.Length);
                }
            }
            catch (MplexProtocolException)
            {
            }
        }
    }
}
