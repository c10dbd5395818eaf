using System.Buffers;
using RustyNode.Network.Tests.Testing;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Tests.Transport.WebSockets;

public class WebSocketFrameHeaderTests
{
    [Fact]
    [Trait("Clause", "WS-2.1")]
    [Trait("Clause", "WS-2.3")]
    public void RFC_6455_example_frames_read_as_the_RFC_says()
    {
        // RFC 6455 section 5.7: an unmasked and a masked "Hello", and an unmasked ping.
        var unmasked = Read([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f], expectMasked: false, out var rest);
        Assert.Equal(new WebSocketFrameHeader(true, WebSocketOpcode.Text, 5, 0, false), unmasked);
        Assert.Equal("Hello"u8.ToArray(), rest);

        var masked = Read([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58], expectMasked: true, out rest);
        Assert.Equal(new WebSocketFrameHeader(true, WebSocketOpcode.Text, 5, 0x37fa213d, true), masked);
        WebSocketMask.Apply(rest, rest, masked.MaskKey, 0);
        Assert.Equal("Hello"u8.ToArray(), rest);

        var ping = Read([0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f], expectMasked: false, out _);
        Assert.Equal(WebSocketOpcode.Ping, ping.Opcode);
        Assert.True(ping.IsControl);
    }

    [Theory]
    [Trait("Clause", "WS-2.1")]
    [InlineData(256, new byte[] { 0x82, 0x7E, 0x01, 0x00 })]
    [InlineData(65536, new byte[] { 0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0 })]
    [InlineData(125, new byte[] { 0x82, 0x7D })]
    [InlineData(126, new byte[] { 0x82, 0x7E, 0x00, 0x7E })]
    [InlineData(65535, new byte[] { 0x82, 0x7E, 0xFF, 0xFF })]
    public void Binary_headers_use_the_smallest_length_encoding(long length, byte[] expected)
    {
        var header = new WebSocketFrameHeader(true, WebSocketOpcode.Binary, length, 0, false);
        var bytes = new byte[WebSocketLimits.MaxFrameHeaderLength];
        Assert.Equal(expected.Length, header.Write(bytes));
        Assert.Equal(expected, bytes[..expected.Length]);
        Assert.Equal(header, Read(expected, expectMasked: false, out var rest));
        Assert.Empty(rest);
    }

    [Fact]
    [Trait("Clause", "WS-2.1")]
    public void Headers_round_trip_consume_exactly_their_bytes_and_wait_when_incomplete()
    {
        var random = new Random(6455);
        foreach (var length in new long[] { 0, 1, 125, 126, 127, 65535, 65536, WebSocketLimits.MaxFramePayloadLength })
        {
            foreach (var masked in new[] { false, true })
            {
                var header = new WebSocketFrameHeader(random.Next(2) == 0, WebSocketOpcode.Binary, length, masked ? (uint)random.Next() : 0, masked);
                var writer = new ArrayBufferWriter<byte>();
                header.Write(writer);
                writer.Write(new byte[] { 0xAB, 0xCD });
                var bytes = writer.WrittenSpan.ToArray();
                for (var cut = 0; cut < header.Size; cut++)
                {
                    var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
                    Assert.False(WebSocketFrameHeader.TryRead(ref partial, masked, out _));
                    Assert.Equal(cut, partial.Length);
                }

                var buffer = Segments.Split(bytes, 1);
                Assert.True(WebSocketFrameHeader.TryRead(ref buffer, masked, out var read));
                Assert.Equal(header, read);
                Assert.Equal(new byte[] { 0xAB, 0xCD }, buffer.ToArray());
            }
        }
    }

    [Fact]
    [Trait("Clause", "WS-2.1")]
    public void A_non_minimal_length_encoding_is_accepted_but_a_64_bit_length_with_its_top_bit_set_is_not()
    {
        Assert.Equal(5, Read([0x82, 0x7E, 0x00, 0x05], expectMasked: false, out _).PayloadLength);
        var error = Assert.Throws<WebSocketProtocolException>(() => Read([0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1], expectMasked: false, out _));
        Assert.Equal(WebSocketCloseCode.ProtocolError, error.CloseCode);
    }

    [Fact]
    [Trait("Clause", "WS-2.4")]
    public void A_data_frame_over_the_limit_is_refused_from_its_header_with_1009()
    {
        var header = new WebSocketFrameHeader(true, WebSocketOpcode.Binary, WebSocketLimits.MaxFramePayloadLength + 1L, 0, false);
        var bytes = new byte[WebSocketLimits.MaxFrameHeaderLength];
        var size = header.Write(bytes);

        // Only the header has arrived: the refusal does not wait for (or buffer) the payload.
        var error = Assert.Throws<WebSocketProtocolException>(() => Read(bytes[..size], expectMasked: false, out _));

        Assert.Equal(WebSocketCloseCode.MessageTooBig, error.CloseCode);
        Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "WS-2.2")]
    [Trait("Clause", "WS-2.4")]
    [InlineData(new byte[] { 0xC2, 0x00 }, "reserved bits")]
    [InlineData(new byte[] { 0x92, 0x00 }, "reserved bits")]
    [InlineData(new byte[] { 0x83, 0x00 }, "opcode 0x3")]
    [InlineData(new byte[] { 0x8B, 0x00 }, "opcode 0xB")]
    [InlineData(new byte[] { 0x09, 0x00 }, "fragmented")]
    [InlineData(new byte[] { 0x89, 0x7E, 0x00, 0x7E }, "longer than 125")]
    [InlineData(new byte[] { 0x88, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0x7E }, "longer than 125")]
    public void Malformed_headers_are_protocol_errors(byte[] bytes, string reason)
    {
        var error = Assert.Throws<WebSocketProtocolException>(() => Read(bytes, expectMasked: false, out _));
        Assert.Equal(WebSocketCloseCode.ProtocolError, error.CloseCode);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "WS-2.3")]
    public void The_mask_bit_must_match_the_side()
    {
        var clientFrame = new byte[] { 0x82, 0x81, 1, 2, 3, 4, 9 };
        var serverFrame = new byte[] { 0x82, 0x01, 9 };
        Assert.Contains("not masked", Assert.Throws<WebSocketProtocolException>(() => Read(serverFrame, expectMasked: true, out _)).Message, StringComparison.Ordinal);
        Assert.Contains("is masked", Assert.Throws<WebSocketProtocolException>(() => Read(clientFrame, expectMasked: false, out _)).Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "WS-2.1")]
    public void Random_input_either_reads_waits_or_raises_a_protocol_error()
    {
        var random = new Random(17);
        var bytes = new byte[16];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            var buffer = new ReadOnlySequence<byte>(bytes, 0, random.Next(bytes.Length + 1));
            try
            {
                if (WebSocketFrameHeader.TryRead(ref buffer, random.Next(2) == 0, out var header))
                {
                    Assert.InRange(header.PayloadLength, 0, long.MaxValue);
                    Assert.True(header.IsControl ? header.PayloadLength <= 125 : header.PayloadLength <= WebSocketLimits.MaxFramePayloadLength);
                }
            }
            catch (WebSocketProtocolException)
            {
                // A clear refusal is one of the allowed outcomes.
            }
        }
    }

    private static WebSocketFrameHeader Read(byte[] bytes, bool expectMasked, out byte[] rest)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(WebSocketFrameHeader.TryRead(ref buffer, expectMasked, out var header));
        rest = buffer.ToArray();
        return header;
    }
}
