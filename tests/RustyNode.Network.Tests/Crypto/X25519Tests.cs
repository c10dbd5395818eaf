using RustyNode.Network.Crypto;

namespace RustyNode.Network.Tests.Crypto;

public class X25519Tests
{
    private const string AlicePrivate = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivate = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string Shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    [Fact]
    [Trait("Clause", "NOISE-1.2")]
    public void Rfc7748_section_6_1_key_agreement()
    {
        using var alice = X25519KeyPair.FromPrivateKey(Convert.FromHexString(AlicePrivate));
        using var bob = X25519KeyPair.FromPrivateKey(Convert.FromHexString(BobPrivate));
        Assert.Equal(AlicePublic, Convert.ToHexStringLower(alice.PublicKey));
        Assert.Equal(BobPublic, Convert.ToHexStringLower(bob.PublicKey));

        var k1 = new byte[32];
        var k2 = new byte[32];
        Assert.True(alice.TryDeriveSharedSecret(bob.PublicKey, k1));
        Assert.True(bob.TryDeriveSharedSecret(alice.PublicKey, k2));
        Assert.Equal(Shared, Convert.ToHexStringLower(k1));
        Assert.Equal(Shared, Convert.ToHexStringLower(k2));
    }

    [Fact]
    [Trait("Clause", "NOISE-1.2")]
    public void Rfc7748_section_5_2_scalar_multiplication()
    {
        using var key = X25519KeyPair.FromPrivateKey(Convert.FromHexString("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"));
        var output = new byte[32];
        Assert.True(key.TryDeriveSharedSecret(Convert.FromHexString("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"), output));
        Assert.Equal("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552", Convert.ToHexStringLower(output));
    }

    [Theory]
    [Trait("Clause", "NOISE-1.2")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")]
    public void Small_order_peer_keys_giving_an_all_zero_secret_are_rejected(string peerHex)
    {
        using var key = X25519KeyPair.Generate();
        var output = new byte[32];
        Assert.False(key.TryDeriveSharedSecret(Convert.FromHexString(peerHex), output));
        Assert.All(output, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Generated_pairs_agree_and_differ()
    {
        using var a = X25519KeyPair.Generate();
        using var b = X25519KeyPair.Generate();
        Assert.False(a.PublicKey.SequenceEqual(b.PublicKey));
        var k1 = new byte[32];
        var k2 = new byte[32];
        Assert.True(a.TryDeriveSharedSecret(b.PublicKey, k1));
        Assert.True(b.TryDeriveSharedSecret(a.PublicKey, k2));
        Assert.Equal(k1, k2);
        Assert.False(a.TryDeriveSharedSecret(new byte[31], k1));
    }
}
