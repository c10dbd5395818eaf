using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Identity;

public sealed class SignedEnvelopeTests : IDisposable
{
    private readonly Ed25519PrivateKey _key = Ed25519PrivateKey.FromSeedNumber(1);

    public void Dispose() => _key.Dispose();

    [Fact]
    [Trait("Clause", "ID-3.1")]
    [Trait("Clause", "ID-3.2")]
    public void Envelope_layout_is_fields_1_2_3_5_and_the_signature_covers_the_length_prefixed_parts()
    {
        var envelope = SignedEnvelope.Seal(_key, "test-domain", [0x03, 0x01], "data"u8);
        var bytes = envelope.ToBytes();
        var key = _key.PublicKey.ToProtobuf();

        var expected = Convert.ToHexStringLower([0x0A, (byte)key.Length, .. key, 0x12, 0x02, 0x03, 0x01, 0x1A, 0x04, .. "data"u8, 0x2A, 0x40, .. envelope.Signature]);
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));

        byte[] signed = [11, .. "test-domain"u8, 2, 0x03, 0x01, 4, .. "data"u8];
        Assert.True(_key.PublicKey.Verify(signed, envelope.Signature));
    }

    [Fact]
    [Trait("Clause", "ID-3.3")]
    public void Seal_then_open_round_trips()
    {
        var bytes = SignedEnvelope.Seal(_key, "d", [7], "payload"u8).ToBytes();
        var opened = SignedEnvelope.Open(bytes, "d");
        Assert.Equal(_key.PublicKey, opened.PublicKey);
        Assert.Equal(new byte[] { 7 }, opened.PayloadType);
        Assert.Equal("payload"u8.ToArray(), opened.Payload);
        Assert.Equal(bytes, opened.ToBytes());
    }

    [Fact]
    [Trait("Clause", "ID-3.3")]
    public void Wrong_domain_or_tampered_parts_are_rejected()
    {
        var bytes = SignedEnvelope.Seal(_key, "d", [7], "payload"u8).ToBytes();
        var ex = Assert.Throws<InvalidKeyException>(() => SignedEnvelope.Open(bytes, "e"));
        Assert.Contains("invalid for domain 'e'", ex.Message, StringComparison.Ordinal);

        for (var i = bytes.Length - 70; i < bytes.Length; i += 7)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<InvalidKeyException>(() => SignedEnvelope.Open(tampered, "d"));
        }
    }

    [Fact]
    [Trait("Clause", "ID-3.4")]
    public void Envelopes_over_the_limit_or_without_a_key_are_rejected()
    {
        Assert.Throws<InvalidKeyException>(() => SignedEnvelope.Open(new byte[IdentityLimits.MaxEnvelopeLength + 1], "d"));
        Assert.Throws<InvalidKeyException>(() => SignedEnvelope.Open([0x12, 0x01, 0x07], "d"));
    }

    [Fact]
    [Trait("Clause", "ID-3.4")]
    public void Random_envelopes_only_ever_raise_InvalidKeyException()
    {
        var random = new Random(2);
        var good = SignedEnvelope.Seal(_key, "d", [7], "payload"u8).ToBytes();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = i % 2 == 0 ? (byte[])good.Clone() : new byte[random.Next(0, 120)];
            if (i % 2 == 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                bytes = bytes[..random.Next(bytes.Length + 1)];
            }
            else
            {
                random.NextBytes(bytes);
            }

            try
            {
                _ = SignedEnvelope.Open(bytes, "d");
            }
            catch (InvalidKeyException)
            {
            }
        }
    }
}
