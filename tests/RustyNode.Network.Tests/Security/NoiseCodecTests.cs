using System.Buffers;
using RustyNode.Network.Identity;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Network.Tests.Security;

public class NoiseCodecTests
{
    [Fact]
    [Trait("Clause", "NOISE-2.1")]
    public void Payload_golden_bytes_round_trip()
    {
        var payload = new NoiseHandshakePayload
        {
            IdentityKey = [0x08, 0x01],
            IdentitySignature = [0xAA],
            WebTransportCertHashes = [[0x12, 0x00]],
            StreamMuxers = ["/yamux/1.0.0"],
        };
        const string expected = "0a020801" + "1201aa" + "2212" + "0a021200" + "120c2f79616d75782f312e302e30";

        var bytes = payload.ToBytes();
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));
        var parsed = NoiseHandshakePayload.Parse(bytes);
        Assert.Equal(payload.IdentityKey, parsed.IdentityKey);
        Assert.Equal(payload.IdentitySignature, parsed.IdentitySignature);
        Assert.Equal(payload.WebTransportCertHashes, parsed.WebTransportCertHashes);
        Assert.Equal(payload.StreamMuxers, parsed.StreamMuxers);
    }

    [Fact]
    [Trait("Clause", "NOISE-2.1")]
    public void Payload_without_extensions_omits_field_4()
    {
        var bytes = new NoiseHandshakePayload { IdentityKey = [1], IdentitySignature = [2] }.ToBytes();
        Assert.Equal("0a01011201" + "02", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    [Trait("Clause", "NOISE-2.4")]
    public void Too_many_muxers_or_oversized_fields_are_rejected()
    {
        var muxers = Enumerable.Range(0, NoiseLimits.MaxStreamMuxers + 1).Select(i => $"/m/{i}").ToArray();
        var tooMany = new NoiseHandshakePayload { IdentityKey = [1], IdentitySignature = [2], StreamMuxers = muxers }.ToBytes();
        Assert.Throws<NoiseProtocolException>(() => NoiseHandshakePayload.Parse(tooMany));

        var bigKey = new NoiseHandshakePayload { IdentityKey = new byte[NoiseLimits.MaxIdentityKeyLength + 1] }.ToBytes();
        var ex = Assert.Throws<NoiseProtocolException>(() => NoiseHandshakePayload.Parse(bigKey));
        Assert.Contains("identity_key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "NOISE-2.4")]
    public void Random_payload_bytes_only_ever_raise_NoiseProtocolException()
    {
        var random = new Random(77);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            try
            {
                var payload = NoiseHandshakePayload.Parse(bytes);
                _ = NoiseSecurity.VerifyPayload(bytes, new byte[32], null);
                Assert.NotNull(payload);
            }
            catch (NoiseProtocolException)
            {
            }
        }
    }

    [Fact]
    [Trait("Clause", "NOISE-2.3")]
    public void A_payload_with_an_invalid_identity_key_is_a_noise_error()
    {
        var bytes = new NoiseHandshakePayload { IdentityKey = [0x08, 0x01, 0x12, 0x01, 0x00], IdentitySignature = [1] }.ToBytes();
        var ex = Assert.Throws<NoiseProtocolException>(() => NoiseSecurity.VerifyPayload(bytes, new byte[32], null));
        Assert.IsType<InvalidKeyException>(ex.InnerException);
    }

    [Fact]
    [Trait("Clause", "NOISE-3.1")]
    public void Frames_are_read_exactly_and_incomplete_ones_consume_nothing()
    {
        var wire = new byte[] { 0x00, 0x03, 1, 2, 3, 0x00, 0x02, 9 };
        var buffer = new ReadOnlySequence<byte>(wire);
        Assert.True(NoiseFraming.TryReadFrame(ref buffer, 0, 100, out var frame));
        Assert.Equal(new byte[] { 1, 2, 3 }, frame.ToArray());
        Assert.Equal(3, buffer.Length);

        var before = buffer;
        Assert.False(NoiseFraming.TryReadFrame(ref buffer, 0, 100, out _));
        Assert.Equal(before, buffer);

        var oneByte = new ReadOnlySequence<byte>(new byte[] { 0x00 });
        Assert.False(NoiseFraming.TryReadFrame(ref oneByte, 0, 100, out _));
    }

    [Fact]
    [Trait("Clause", "NOISE-3.1")]
    public void A_header_split_across_segments_is_read()
    {
        var first = new Segment(new byte[] { 0x00 });
        var last = first.Append(new byte[] { 0x02, 7, 8 });
        var buffer = new ReadOnlySequence<byte>(first, 0, last, 3);
        Assert.True(NoiseFraming.TryReadFrame(ref buffer, 0, 100, out var frame));
        Assert.Equal(new byte[] { 7, 8 }, frame.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    [Trait("Clause", "NOISE-3.4")]
    public void Over_limit_length_throws_before_the_body_arrives()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x20, 0x01 });
        var ex = Assert.Throws<NoiseProtocolException>(() => NoiseFraming.TryReadFrame(ref buffer, 0, NoiseLimits.MaxHandshakeMessageLength, out _));
        Assert.Contains("8193", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "NOISE-1.3")]
    public void Random_handshake_messages_only_ever_raise_NoiseProtocolException()
    {
        var random = new Random(1303);
        using var staticKey = RustyNode.Network.Crypto.X25519KeyPair.Generate();
        var buffer = new byte[512];
        for (var i = 0; i < 300; i++)
        {
            var message = new byte[random.Next(0, 120)];
            random.NextBytes(message);
            using var responder = new NoiseHandshakeState(false, staticKey, default);
            try
            {
                responder.ReadMessage(message);
                responder.WriteMessage([], buffer);
                random.NextBytes(message);
                responder.ReadMessage(message);
                Assert.Fail("A random third message cannot authenticate.");
            }
            catch (NoiseProtocolException)
            {
            }

            using var initiator = new NoiseHandshakeState(true, staticKey, default);
            initiator.WriteMessage([], buffer);
            Assert.Throws<NoiseProtocolException>(() => initiator.ReadMessage(message));
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
