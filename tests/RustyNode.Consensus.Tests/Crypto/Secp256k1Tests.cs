using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Crypto;

public class Secp256k1Tests
{
    public static TheoryData<string> Backends() => new() { "libsecp256k1", "managed" };

    internal static ISecp256k1 Get(string name) => name == "managed"
        ? Secp256k1.Managed
        : Secp256k1.Native ?? throw new InvalidOperationException("libsecp256k1-1 is not installed (apt-get install libsecp256k1-1).");

    private static readonly byte[] Digest = Hashes.DoubleSha256("rusty"u8).ToArray();

    [Fact]
    [Trait("Clause", "CHAIN-3.5")]
    public void Managed_backend_is_NBitcoin_and_the_default_is_native_when_installed()
    {
        Assert.IsType<ManagedSecp256k1>(Secp256k1.Managed);
        Assert.Equal("managed", Secp256k1.Managed.Name);
        Assert.Equal("libsecp256k1", Get("libsecp256k1").Name);
        var forced = string.Equals(Environment.GetEnvironmentVariable(Secp256k1.BackendVariable), "managed", StringComparison.OrdinalIgnoreCase);
        Assert.Same(forced ? Secp256k1.Managed : Secp256k1.Native, Secp256k1.Default);
    }

    [Fact]
    public void Both_backends_derive_the_same_public_key()
    {
        var secret = Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001");
        // The generator point G, compressed.
        const string G = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
        Assert.Equal(G, Convert.ToHexStringLower(Get("libsecp256k1").GetPublicKey(secret)));
        Assert.Equal(G, Convert.ToHexStringLower(Get("managed").GetPublicKey(secret)));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    [Trait("Clause", "CHAIN-3.4")]
    public void Signature_from_either_backend_verifies_in_both(string signer)
    {
        var key = PrivateKey.FromSeed("alice", Get(signer));
        var signature = key.Sign(Digest);
        Span<byte> r = stackalloc byte[32];
        Span<byte> s = stackalloc byte[32];
        Assert.True(DerSignature.TryDecode(signature, r, s));
        Assert.True(SignatureChecker.IsLowS(s));
        foreach (var verifier in new[] { Get("libsecp256k1"), Get("managed") })
        {
            Assert.True(verifier.Verify(key.PublicKey, signature, Digest));
            Assert.False(verifier.Verify(key.PublicKey, signature, Hashes.DoubleSha256("other"u8).ToArray()));
            Assert.False(verifier.Verify(PrivateKey.FromSeed("bob").PublicKey, signature, Digest));
        }
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.5")]
    public void Both_backends_sign_byte_for_byte_alike_with_rfc6979_nonces()
    {
        var native = Get("libsecp256k1");
        var managed = Get("managed");
        for (var i = 0; i < 64; i++)
        {
            var secret = Hashes.DoubleSha256(BitConverter.GetBytes(i)).ToArray();
            var digest = Hashes.DoubleSha256(BitConverter.GetBytes(-i)).ToArray();
            Assert.Equal(native.GetPublicKey(secret), managed.GetPublicKey(secret));
            var signature = native.Sign(secret, digest);
            Assert.Equal(signature, managed.Sign(secret, digest));
            Assert.True(managed.Verify(native.GetPublicKey(secret), signature, digest));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    [Trait("Clause", "CHAIN-3.4")]
    public void High_s_twin_of_a_valid_signature_is_refused(string name)
    {
        var backend = Get(name);
        var key = PrivateKey.FromSeed("alice");
        var signature = key.Sign(Digest);
        var r = new byte[32];
        var s = new byte[32];
        Assert.True(DerSignature.TryDecode(signature, r, s));
        var highS = new byte[32];
        var value = Secp256k1Curve.N - Secp256k1Curve.FromBigEndian(s);
        Secp256k1Curve.ToBigEndian32(value, highS);
        var twin = DerSignature.Encode(r, highS);
        Assert.False(backend.Verify(key.PublicKey, twin, Digest));
        Assert.True(backend.Verify(key.PublicKey, signature, Digest));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    [Trait("Clause", "CHAIN-3.4")]
    public void Non_strict_der_is_refused(string name)
    {
        var backend = Get(name);
        var key = PrivateKey.FromSeed("alice");
        var signature = key.Sign(Digest);
        // Pad r with a needless leading zero: still the same integer, but not strict DER.
        var rLength = signature[3];
        byte[] padded = [0x30, (byte)(signature[1] + 1), 0x02, (byte)(rLength + 1), 0x00, .. signature.AsSpan(4)];
        Assert.False(backend.Verify(key.PublicKey, padded, Digest));
        byte[] trailing = [.. signature, 0x00];
        Assert.False(backend.Verify(key.PublicKey, trailing, Digest));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Points_off_the_curve_and_bad_prefixes_are_invalid_public_keys(string name)
    {
        var backend = Get(name);
        var valid = PrivateKey.FromSeed("alice").PublicKey;
        Assert.True(backend.IsValidPublicKey(valid));
        var badPrefix = (byte[])valid.Clone();
        badPrefix[0] = 0x04;
        Assert.False(backend.IsValidPublicKey(badPrefix));
        // x = 5: 5^3 + 7 = 132 is not a square modulo p, so no point has this x.
        var offCurve = new byte[33];
        offCurve[0] = 0x02;
        offCurve[32] = 5;
        Assert.False(backend.IsValidPublicKey(offCurve));
        Assert.False(backend.Verify(offCurve, PrivateKey.FromSeed("alice").Sign(Digest), Digest));
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.4")]
    public void Both_backends_agree_on_a_thousand_random_mutations()
    {
        var key = PrivateKey.FromSeed("carol");
        var signature = key.Sign(Digest);
        var random = new Random(7);
        var native = Get("libsecp256k1");
        var managed = Get("managed");
        for (var i = 0; i < 1000; i++)
        {
            var mutated = (byte[])signature.Clone();
            mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            Assert.Equal(native.Verify(key.PublicKey, mutated, Digest), managed.Verify(key.PublicKey, mutated, Digest));
        }
    }
}
