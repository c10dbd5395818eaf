using System.Buffers;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.Muxing.Yamux;

public class YamuxHeaderTests
{
    [Theory]
    [Trait("Clause", "YMX-1.4")]
    [InlineData(YamuxFrameType.Data, YamuxFlags.Syn, 1u, 5u, "000000010000000100000005")]
    [InlineData(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, 2u, 0x40000u, "000100020000000200040000")]
    [InlineData(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, 0xFFFFFFFEu, 0u, "00010008fffffffe00000000")]
    [InlineData(YamuxFrameType.Ping, YamuxFlags.Syn, 0u, 0xDEADBEEFu, "0002000100000000deadbeef")]
    [InlineData(YamuxFrameType.GoAway, YamuxFlags.None, 0u, 1u, "000300000000000000000001")]
    [InlineData(YamuxFrameType.Data, YamuxFlags.Fin | YamuxFlags.Ack, 3u, 0u, "000000060000000300000000")]
    public void Golden_headers_round_trip(YamuxFrameType type, YamuxFlags flags, uint streamId, uint length, string hex)
    {
        var header = new YamuxHeader(type, flags, streamId, length);
        var bytes = new byte[YamuxHeader.Size];
        header.Write(bytes);
        Assert.Equal(hex, Convert.ToHexStringLower(bytes));

        Assert.True(YamuxHeader.TryRead(bytes, out var read));
        Assert.Equal(header, read);
    }

    [Fact]
    [Trait("Clause", "YMX-1.4")]
    public void Reading_from_a_sequence_consumes_exactly_twelve_bytes_even_across_segments()
    {
        var writer = new ArrayBufferWriter<byte>();
        new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, 7, 3).Write(writer);
        writer.Write(new byte[] { 0xAA, 0xBB, 0xCC });
        var all = writer.WrittenMemory.ToArray();

        for (var split = 1; split < all.Length; split++)
        {
            var buffer = Segments.Split(all, split);
            Assert.True(YamuxHeader.TryRead(ref buffer, out var header));
            Assert.Equal(new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, 7, 3), header);
            Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, buffer.ToArray());
        }
    }

    [Fact]
    [Trait("Clause", "YMX-1.4")]
    public void Eleven_bytes_are_incomplete_and_consume_nothing()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[11]);
        Assert.False(YamuxHeader.TryRead(ref buffer, out _));
        Assert.Equal(11, buffer.Length);
    }

    [Fact]
    [Trait("Clause", "YMX-1.1")]
    public void Unknown_version_is_rejected()
    {
        var bytes = Convert.FromHexString("010000010000000100000005");
        var ex = Assert.Throws<YamuxProtocolException>(() => YamuxHeader.TryRead(bytes, out _));
        Assert.Contains("version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "YMX-1.2")]
    public void Unknown_frame_type_is_rejected()
    {
        var bytes = Convert.FromHexString("000400000000000000000000");
        var ex = Assert.Throws<YamuxProtocolException>(() => YamuxHeader.TryRead(bytes, out _));
        Assert.Contains("type", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "YMX-1.3")]
    public void Unknown_flag_bits_are_carried_not_rejected()
    {
        var bytes = Convert.FromHexString("000180010000000100000000");
        Assert.True(YamuxHeader.TryRead(bytes, out var header));
        Assert.Equal((YamuxFlags)0x8001, header.Flags);
    }

    [Fact]
    public void Random_inputs_only_ever_parse_or_raise_a_yamux_error()
    {
        var random = new Random(1234);
        var bytes = new byte[16];
        for (var i = 0; i < 50_000; i++)
        {
            random.NextBytes(bytes);
            if (random.Next(2) == 0)
            {
                bytes[0] = 0;
                bytes[1] = (byte)random.Next(6);
            }

            var buffer = new ReadOnlySequence<byte>(bytes, 0, random.Next(bytes.Length + 1));
            var before = buffer.Length;
            try
            {
                if (YamuxHeader.TryRead(ref buffer, out var header))
                {
                    Assert.Equal(before - YamuxHeader.Size, buffer.Length);
                    var again = new byte[YamuxHeader.Size];
                    header.Write(again);
                    Assert.Equal(bytes.AsSpan(0, YamuxHeader.Size).ToArray(), again);
                }
                else
                {
                    Assert.True(before < YamuxHeader.Size);
                }
            }
            catch (YamuxProtocolException)
            {
            }
        }
    }
}
