using System.Security.Cryptography;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Identity;

public class PublicKeyTests
{
    public static TheoryData<string, KeyType> PublicVectors => new()
    {
        { KeyVectors.Ed25519Public, KeyType.Ed25519 },
        { KeyVectors.Secp256k1Public, KeyType.Secp256k1 },
        { KeyVectors.EcdsaPublic, KeyType.ECDSA },
        { KeyVectors.RsaPublic, KeyType.RSA },
    };

    [Theory]
    [Trait("Clause", "ID-1.1")]
    [Trait("Clause", "ID-1.2")]
    [MemberData(nameof(PublicVectors))]
    public void Spec_public_key_vectors_decode_and_reencode_byte_for_byte(string hex, KeyType type)
    {
        var bytes = Convert.FromHexString(hex);
        var key = PublicKey.FromProtobuf(bytes);
        Assert.Equal(type, key.Type);
        Assert.Equal(hex, Convert.ToHexStringLower(key.ToProtobuf()));
        Assert.Equal(bytes.Length, key.ProtobufSize);
        Assert.Equal(key, PublicKey.FromProtobuf(bytes));
    }

    [Fact]
    [Trait("Clause", "ID-1.3")]
    public void Secp256k1_vector_private_key_matches_its_public_key_and_signatures_verify()
    {
        var privateData = ProtobufData(KeyVectors.Secp256k1Private);
        var publicKey = PublicKey.FromProtobuf(Convert.FromHexString(KeyVectors.Secp256k1Public));
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.CreateFromFriendlyName("secP256k1"), D = privateData });
        var q = ecdsa.ExportParameters(false).Q;
        var compressed = new byte[33];
        compressed[0] = (byte)((q.Y![^1] & 1) == 0 ? 0x02 : 0x03);
        q.X!.CopyTo(compressed, 1);
        Assert.Equal(publicKey.Data.ToArray(), compressed);

        var message = "libp2p"u8.ToArray();
        var signature = ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(publicKey.Verify(message, signature));
        Assert.False(publicKey.Verify("libp2q"u8, signature));
        Assert.False(publicKey.Verify(message, signature.AsSpan(1)));
    }

    [Fact]
    [Trait("Clause", "ID-1.3")]
    public void Ecdsa_vector_private_key_matches_its_public_key_and_signatures_verify()
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportECPrivateKey(ProtobufData(KeyVectors.EcdsaPrivate), out _);
        var publicKey = PublicKey.FromProtobuf(Convert.FromHexString(KeyVectors.EcdsaPublic));
        Assert.Equal(publicKey.Data.ToArray(), ecdsa.ExportSubjectPublicKeyInfo());

        var signature = ecdsa.SignData("hello"u8, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        Assert.True(publicKey.Verify("hello"u8, signature));
        Assert.False(publicKey.Verify("hellO"u8, signature));
    }

    [Fact]
    [Trait("Clause", "ID-1.3")]
    public void Rsa_vector_private_key_matches_its_public_key_and_signatures_verify()
    {
        using var rsa = RSA.Create();
        rsa.ImportRSAPrivateKey(ProtobufData(KeyVectors.RsaPrivate), out _);
        var publicKey = PublicKey.FromProtobuf(Convert.FromHexString(KeyVectors.RsaPublic));
        Assert.Equal(publicKey.Data.ToArray(), rsa.ExportSubjectPublicKeyInfo());

        var signature = rsa.SignData("hello"u8.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(publicKey.Verify("hello"u8, signature));
        Assert.False(publicKey.Verify("hellO"u8, signature));
    }

    [Fact]
    [Trait("Clause", "ID-1.5")]
    public void Rsa_keys_below_2048_bits_are_rejected()
    {
        using var rsa = RSA.Create(1024);
        var ex = Assert.Throws<InvalidKeyException>(() => new RsaPublicKey(rsa.ExportSubjectPublicKeyInfo()));
        Assert.Contains("1024", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "ID-1.2")]
    [InlineData("0801", "lacks")] // no Data
    [InlineData("1220" + "1ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e", "lacks")] // no Type
    [InlineData("08091200", "type")] // type 9
    [InlineData("08011203010203", "32 bytes")] // Ed25519 of 3 bytes
    [InlineData("0802122104" + "0000000000000000000000000000000000000000000000000000000000000000", "compressed")]
    [InlineData("08011220", "remain")] // Data truncated
    [InlineData("0a01", "wire type")] // Type as bytes
    public void Malformed_public_key_protobufs_are_rejected(string hex, string fragment)
    {
        var ex = Assert.Throws<InvalidKeyException>(() => PublicKey.FromProtobuf(Convert.FromHexString(hex)));
        Assert.Contains(fragment, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [Trait("Clause", "ID-1.2")]
    public void Fields_in_reverse_order_and_unknown_fields_are_accepted()
    {
        var canonical = Convert.FromHexString(KeyVectors.Ed25519Public);
        var reordered = Convert.FromHexString("1220" + KeyVectors.Ed25519Public[8..] + "0801" + "1801" + "2a00");
        Assert.Equal(canonical, PublicKey.FromProtobuf(reordered).ToProtobuf());
    }

    [Fact]
    [Trait("Clause", "ID-1.5")]
    public void Oversized_protobuf_is_rejected_before_parsing()
    {
        var bytes = new byte[IdentityLimits.MaxPublicKeyProtobufLength + 1];
        var ex = Assert.Throws<InvalidKeyException>(() => PublicKey.FromProtobuf(bytes));
        Assert.Contains("exceeds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "ID-1.5")]
    public void Random_input_only_ever_raises_InvalidKeyException()
    {
        var random = new Random(1234);
        var prefix = Convert.FromHexString(KeyVectors.Ed25519Public);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 60)];
            random.NextBytes(bytes);
            if (i % 2 == 0 && bytes.Length > 4)
            {
                prefix.AsSpan(0, Math.Min(prefix.Length, bytes.Length - 2)).CopyTo(bytes);
            }

            try
            {
                _ = PublicKey.FromProtobuf(bytes);
            }
            catch (InvalidKeyException)
            {
            }
        }
    }

    [Fact]
    public void Equality_is_by_type_and_bytes()
    {
        var a = PublicKey.FromProtobuf(Convert.FromHexString(KeyVectors.Ed25519Public));
        var b = new Ed25519PublicKey(a.Data);
        var c = PublicKey.FromProtobuf(Convert.FromHexString(KeyVectors.Secp256k1Public));
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != c);
        Assert.False(a.Equals(null));
    }

    internal static byte[] ProtobufData(string hex)
    {
        var bytes = Convert.FromHexString(hex);

        // Test vectors are "08 tt 12 <varint length> data": skip the type and read the length.
        var position = 3;
        var length = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[position++];
            length |= (b & 0x7F) << shift;
            shift += 7;
            if (b < 0x80)
            {
                break;
            }
        }

        Assert.Equal(bytes.Length, position + length);
        return bytes[position..];
    }
}
