using RustyNode.Network.Crypto;

namespace RustyNode.Network.Tests.Crypto;

public class Ed25519Tests
{
    // RFC 8032 section 7.1, tests 1 to 3: seed, public key, message, signature.
    public static TheoryData<string, string, string, string> Rfc8032Vectors => new()
    {
        {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        },
        {
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        },
        {
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"
        },
    };

    [Theory]
    [Trait("Clause", "ID-1.3")]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Rfc8032_vectors_give_the_same_public_key_and_signature(string seedHex, string publicHex, string messageHex, string signatureHex)
    {
        var seed = Convert.FromHexString(seedHex);
        var message = Convert.FromHexString(messageHex);
        var publicKey = new byte[Ed25519.PublicKeySize];
        var signature = new byte[Ed25519.SignatureSize];

        Ed25519.GetPublicKey(seed, publicKey);
        Ed25519.Sign(seed, message, signature);

        Assert.Equal(publicHex, Convert.ToHexStringLower(publicKey));
        Assert.Equal(signatureHex, Convert.ToHexStringLower(signature));
        Assert.True(Ed25519.Verify(publicKey, message, signature));
    }

    [Theory]
    [Trait("Clause", "ID-1.3")]
    [MemberData(nameof(Rfc8032Vectors))]
    public void A_flipped_bit_anywhere_fails_verification(string seedHex, string publicHex, string messageHex, string signatureHex)
    {
        _ = seedHex;
        var publicKey = Convert.FromHexString(publicHex);
        var message = Convert.FromHexString(messageHex + "00");
        var signature = Convert.FromHexString(signatureHex);

        Assert.False(Ed25519.Verify(publicKey, message, signature));
        message = message[..^1];
        signature[10] ^= 0x01;
        Assert.False(Ed25519.Verify(publicKey, message, signature));
        signature[10] ^= 0x01;
        publicKey[0] ^= 0x01;
        Assert.False(Ed25519.Verify(publicKey, message, signature));
    }

    [Fact]
    [Trait("Clause", "ID-1.3")]
    public void Malformed_lengths_verify_false_without_throwing()
    {
        var key = new byte[32];
        Assert.False(Ed25519.Verify(key.AsSpan(0, 31), [], new byte[64]));
        Assert.False(Ed25519.Verify(key, [], new byte[63]));
        Assert.False(Ed25519.Verify(key, [], new byte[65]));
        Assert.False(Ed25519.Verify(Enumerable.Repeat((byte)0xFF, 32).ToArray(), [1, 2, 3], new byte[64]));
    }

    [Fact]
    [Trait("Clause", "ID-1.6")]
    public void The_identity_point_as_public_key_verifies_no_universal_signature()
    {
        // A = identity (y = 1), R = identity, S = 0: [S]B = R + [k]A holds for every message k, so
        // a cofactorless verifier (OpenSSL's) accepts it for any message. A strict one must not.
        var identity = new byte[32];
        identity[0] = 1;
        var universal = new byte[64];
        universal[0] = 1;
        Assert.False(Ed25519.Verify(identity, "any message"u8, universal));
        Assert.False(Ed25519.Verify(identity, [], universal));
    }

    [Fact]
    [Trait("Clause", "ID-1.6")]
    public void Non_canonical_encodings_fail_verification()
    {
        var seed = Convert.FromHexString((string)Rfc8032Vectors.First()[0]);
        var publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GetPublicKey(seed, publicKey);
        var message = "canonical"u8.ToArray();
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(seed, message, signature);
        Assert.True(Ed25519.Verify(publicKey, message, signature));

        // S + L is the same scalar, not below the group order L: the malleable twin is refused.
        var order = System.Numerics.BigInteger.Parse("7237005577332262213973186563042994240857116359379907606001950938285454250989", System.Globalization.CultureInfo.InvariantCulture);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true);
        var twin = (byte[])signature.Clone();
        Array.Clear(twin, 32, 32);
        Assert.True((s + order).TryWriteBytes(twin.AsSpan(32), out _, isUnsigned: true));
        Assert.False(Ed25519.Verify(publicKey, message, twin));

        // y = p + 1 is a non-canonical encoding of the identity point.
        var nonCanonical = new byte[32];
        Assert.True((System.Numerics.BigInteger.Pow(2, 255) - 19 + 1).TryWriteBytes(nonCanonical, out _, isUnsigned: true));
        var universal = new byte[64];
        universal[0] = 1;
        Assert.False(Ed25519.Verify(nonCanonical, message, universal));
    }

    [Fact]
    public void Many_sign_and_verify_rounds_agree()
    {
        var random = new Random(8032);
        var seed = new byte[32];
        var publicKey = new byte[32];
        var signature = new byte[64];
        for (var i = 0; i < 200; i++)
        {
            random.NextBytes(seed);
            var message = new byte[random.Next(0, 300)];
            random.NextBytes(message);
            Ed25519.GetPublicKey(seed, publicKey);
            Ed25519.Sign(seed, message, signature);
            Assert.True(Ed25519.Verify(publicKey, message, signature));
        }
    }
}
