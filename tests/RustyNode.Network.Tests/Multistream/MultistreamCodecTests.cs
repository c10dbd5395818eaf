using System.Buffers;
using System.Text;
using RustyNode.Network.Multistream;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.Multistream;

public class MultistreamCodecTests
{
    [Theory]
    [Trait("Clause", "MSS-1.1")]
    [InlineData("/multistream/1.0.0", "132f6d756c746973747265616d2f312e302e300a")]
    [InlineData("na", "036e610a")]
    [InlineData("/noise", "072f6e6f6973650a")]
    [InlineData("/yamux/1.0.0", "0d2f79616d75782f312e302e300a")]
    public void Golden_messages_round_trip(string text, string hex)
    {
        var writer = new ArrayBufferWriter<byte>();
        MultistreamCodec.Write(writer, text);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
        Assert.Equal(writer.WrittenCount, MultistreamCodec.GetSize(text));

        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        Assert.True(MultistreamCodec.TryRead(ref buffer, out string decoded));
        Assert.Equal(text, decoded);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    [Trait("Clause", "MSS-1.1")]
    public void Non_ascii_protocol_ids_are_utf8_and_the_length_counts_bytes()
    {
        var writer = new ArrayBufferWriter<byte>();
        MultistreamCodec.Write(writer, "/é");
        Assert.Equal("042fc3a90a", Convert.ToHexStringLower(writer.WrittenSpan));
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(MultistreamCodec.TryRead(ref buffer, out string text, ["/e", "/é"]));
        Assert.Equal("/é", text);
    }

    [Fact]
    [Trait("Clause", "MSS-2.4")]
    public void Read_consumes_exactly_one_message_and_leaves_what_follows()
    {
        var bytes = Convert.FromHexString("036e610a" + "072f6e6f6973650a" + "ffee");
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(MultistreamCodec.TryRead(ref buffer, out string first));
        Assert.Equal("na", first);
        Assert.Equal(bytes.Length - 4, buffer.Length);
        Assert.True(MultistreamCodec.TryRead(ref buffer, out string second));
        Assert.Equal("/noise", second);
        Assert.Equal(new byte[] { 0xff, 0xee }, buffer.ToArray());
    }

    [Fact]
    [Trait("Clause", "MSS-1.3")]
    public void Every_truncation_is_incomplete_and_consumes_nothing_even_across_segments()
    {
        var bytes = Convert.FromHexString("132f6d756c746973747265616d2f312e302e300a");
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.False(MultistreamCodec.TryRead(ref buffer, out ReadOnlySequence<byte> _));
            Assert.Equal(length, buffer.Length);
        }

        for (var split = 1; split < bytes.Length; split++)
        {
            var buffer = Segments.Split(bytes, split);
            Assert.True(MultistreamCodec.TryRead(ref buffer, out string text));
            Assert.Equal(MultistreamCodec.Header, text);
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    [Trait("Clause", "MSS-4.1")]
    public void Over_limit_length_is_rejected_from_the_prefix_alone()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x81, 0x08 }); // 1025, no payload yet
        var ex = Assert.Throws<MultistreamException>(() => MultistreamCodec.TryRead(ref buffer, out ReadOnlySequence<byte> _));
        Assert.Contains("1024", ex.Message, StringComparison.Ordinal);

        var max = new byte[2 + 1024];
        max[0] = 0x80;
        max[1] = 0x08;
        max.AsSpan(2).Fill((byte)'a');
        max[^1] = (byte)'\n';
        var ok = new ReadOnlySequence<byte>(max);
        Assert.True(MultistreamCodec.TryRead(ref ok, out string text));
        Assert.Equal(1023, text.Length);
    }

    [Theory]
    [Trait("Clause", "MSS-1.2")]
    [InlineData("00")]
    [InlineData("036e6161")]
    [InlineData("8000")]
    [InlineData("ffffffffffffffffff01")]
    [InlineData("03c3280a")]
    public void Malformed_messages_are_rejected(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
        Assert.Throws<MultistreamException>(() => MultistreamCodec.TryRead(ref buffer, out string _));
    }

    [Theory]
    [Trait("Clause", "MSS-1.2")]
    [InlineData("")]
    [InlineData("/a\n/b")]
    public void Writing_an_invalid_protocol_id_is_an_argument_error(string text)
    {
        Assert.Throws<ArgumentException>(() => MultistreamCodec.Write(new ArrayBufferWriter<byte>(), text));
    }

    [Fact]
    [Trait("Clause", "MSS-4.1")]
    public void Writing_a_protocol_id_over_the_limit_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => MultistreamCodec.Write(new ArrayBufferWriter<byte>(), new string('a', 1024)));
        MultistreamCodec.Write(new ArrayBufferWriter<byte>(), new string('a', 1023));
    }

    [Fact]
    public void Known_strings_are_returned_without_decoding()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("\u0013/multistream/1.0.0\n"));
        Assert.True(MultistreamCodec.TryRead(ref buffer, out string text, [MultistreamCodec.Header]));
        Assert.Same(MultistreamCodec.Header, text);
    }

    [Fact]
    public void Random_input_only_ever_raises_a_multistream_error_or_asks_for_more()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(20)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && i % 2 == 0)
            {
                bytes[0] = (byte)random.Next(bytes.Length + 1);
            }

            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                if (MultistreamCodec.TryRead(ref buffer, out string text))
                {
                    Assert.Equal(bytes.Length - buffer.Length, Encoding.UTF8.GetByteCount(text) + 2);
                }
                else
                {
                    Assert.Equal(bytes.Length, buffer.Length);
                }
            }
            catch (MultistreamException)
            {
            }
        }
    }
}
