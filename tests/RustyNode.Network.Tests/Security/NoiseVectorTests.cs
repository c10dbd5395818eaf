using RustyNode.Network.Crypto;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Network.Tests.Security;

/// <summary>The Noise_XX_25519_ChaChaPoly_SHA256 vector of the cacophony test suite.</summary>
public class NoiseVectorTests
{
    private const string Prologue = "4a6f686e2047616c74";
    private const string InitStatic = "e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1";
    private const string InitEphemeral = "893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a";
    private const string RespStatic = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
    private const string RespEphemeral = "bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b";
    private const string HandshakeHash = "c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e";

    private static readonly (string Payload, string Ciphertext)[] Messages =
    [
        ("4c756477696720766f6e204d69736573",
         "ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573"),
        ("4d757272617920526f746862617264",
         "95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd8d162c9326ad"),
        ("462e20412e20486179656b",
         "c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030"),
        ("4361726c204d656e676572",
         "96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df"),
        ("4a65616e2d426170746973746520536179",
         "3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5"),
        ("457567656e2042f6686d20766f6e2042617765726b",
         "eb3f3515110702e047a6c9da4478b6ead94873c11c0f2d710ddb3f09fce024b3a58502ae3f"),
    ];

    [Fact]
    [Trait("Clause", "NOISE-1.1")]
    [Trait("Clause", "NOISE-1.3")]
    [Trait("Clause", "NOISE-4.1")]
    public void Cacophony_XX_vector_is_reproduced_byte_for_byte()
    {
        using var initStatic = X25519KeyPair.FromPrivateKey(Convert.FromHexString(InitStatic));
        using var respStatic = X25519KeyPair.FromPrivateKey(Convert.FromHexString(RespStatic));
        using var initiator = new NoiseHandshakeState(true, initStatic, Convert.FromHexString(Prologue), X25519KeyPair.FromPrivateKey(Convert.FromHexString(InitEphemeral)));
        using var responder = new NoiseHandshakeState(false, respStatic, Convert.FromHexString(Prologue), X25519KeyPair.FromPrivateKey(Convert.FromHexString(RespEphemeral)));
        var buffer = new byte[1024];

        for (var i = 0; i < 3; i++)
        {
            var (writer, reader) = i % 2 == 0 ? (initiator, responder) : (responder, initiator);
            var payload = Convert.FromHexString(Messages[i].Payload);
            var written = writer.WriteMessage(payload, buffer);
            Assert.Equal(Messages[i].Ciphertext, Convert.ToHexStringLower(buffer.AsSpan(0, written)));
            Assert.Equal(payload, reader.ReadMessage(buffer.AsSpan(0, written)));
        }

        Assert.Equal(HandshakeHash, Convert.ToHexStringLower(initiator.HandshakeHash));
        Assert.Equal(HandshakeHash, Convert.ToHexStringLower(responder.HandshakeHash));
        Assert.Equal(respStatic.PublicKey.ToArray(), initiator.RemoteStaticKey.ToArray());
        Assert.Equal(initStatic.PublicKey.ToArray(), responder.RemoteStaticKey.ToArray());

        var (initSend, initReceive) = initiator.Split();
        var (respSend, respReceive) = responder.Split();
        using (initSend)
        using (initReceive)
        using (respSend)
        using (respReceive)
        {
            for (var i = 3; i < Messages.Length; i++)
            {
                var (send, receive) = i % 2 == 0 ? (initSend, respReceive) : (respSend, initReceive);
                var payload = Convert.FromHexString(Messages[i].Payload);
                var written = send.Encrypt(default, payload, buffer);
                Assert.Equal(Messages[i].Ciphertext, Convert.ToHexStringLower(buffer.AsSpan(0, written)));
                var plain = new byte[payload.Length];
                Assert.Equal(payload.Length, receive.Decrypt(default, buffer.AsSpan(0, written), plain));
                Assert.Equal(payload, plain);
            }
        }
    }

    [Fact]
    [Trait("Clause", "NOISE-4.3")]
    public void A_tampered_transport_message_fails_and_a_short_one_is_rejected()
    {
        using var a = new CipherState();
        using var b = new CipherState();
        var key = new byte[32];
        a.InitializeKey(key);
        b.InitializeKey(key);
        var buffer = new byte[64];
        var written = a.Encrypt(default, "hello"u8, buffer);
        buffer[0] ^= 1;
        Assert.Throws<NoiseProtocolException>(() => b.Decrypt(default, buffer.AsSpan(0, written), new byte[64]));
        Assert.Throws<NoiseProtocolException>(() => b.Decrypt(default, buffer.AsSpan(0, 15), new byte[64]));
    }
}
