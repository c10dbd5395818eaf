using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Identity;

public class PrivateKeyTests
{
    [Fact]
    [Trait("Clause", "ID-1.4")]
    public void Spec_private_key_vector_loads_and_gives_the_spec_public_key()
    {
        using var key = Ed25519PrivateKey.FromProtobuf(Convert.FromHexString(KeyVectors.Ed25519Private));
        Assert.Equal(KeyVectors.Ed25519Public, Convert.ToHexStringLower(key.PublicKey.ToProtobuf()));
        Assert.Equal(KeyVectors.Ed25519Private, Convert.ToHexStringLower(key.ToProtobuf()));
    }

    [Fact]
    [Trait("Clause", "ID-1.4")]
    public void Bare_seed_and_legacy_96_byte_forms_load_to_the_same_key()
    {
        var data = PublicKeyTests.ProtobufData(KeyVectors.Ed25519Private);
        using var fromSeed = Ed25519PrivateKey.FromProtobuf(Convert.FromHexString("08011220" + Convert.ToHexStringLower(data[..32])));
        var legacy = "08011260" + Convert.ToHexStringLower(data) + Convert.ToHexStringLower(data[32..]);
        using var fromLegacy = Ed25519PrivateKey.FromProtobuf(Convert.FromHexString(legacy));
        Assert.Equal(KeyVectors.Ed25519Public, Convert.ToHexStringLower(fromSeed.PublicKey.ToProtobuf()));
        Assert.Equal(fromSeed.PublicKey, fromLegacy.PublicKey);
    }

    [Fact]
    [Trait("Clause", "ID-1.4")]
    public void Mismatched_public_half_or_other_key_types_are_rejected()
    {
        var data = PublicKeyTests.ProtobufData(KeyVectors.Ed25519Private);
        data[^1] ^= 1;
        Assert.Throws<InvalidKeyException>(() => Ed25519PrivateKey.FromProtobuf(Convert.FromHexString("08011240" + Convert.ToHexStringLower(data))));
        Assert.Throws<InvalidKeyException>(() => Ed25519PrivateKey.FromProtobuf(Convert.FromHexString(KeyVectors.Secp256k1Private)));
        Assert.Throws<InvalidKeyException>(() => Ed25519PrivateKey.FromProtobuf(Convert.FromHexString("08011210" + new string('0', 32))));
    }

    [Fact]
    [Trait("Clause", "ID-2.5")]
    public void Seed_number_one_gives_the_rust_libp2p_example_peer_id()
    {
        using var key = Ed25519PrivateKey.FromSeedNumber(1);
        Assert.Equal("12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X", key.PeerId.ToString());
        Assert.Equal(key.PeerId, PeerId.FromPublicKey(key.PublicKey));
    }

    [Fact]
    [Trait("Clause", "ID-1.3")]
    public void Signatures_verify_with_the_public_key_and_round_trip_through_storage()
    {
        using var key = Ed25519PrivateKey.Generate();
        var signature = key.Sign("payload"u8);
        Assert.True(key.PublicKey.Verify("payload"u8, signature));
        using var reloaded = Ed25519PrivateKey.FromProtobuf(key.ToProtobuf());
        Assert.Equal(signature, reloaded.Sign("payload"u8));
        Assert.Equal(key.PeerId, reloaded.PeerId);
    }

    [Fact]
    public void A_disposed_key_refuses_to_sign_and_double_dispose_is_safe()
    {
        var key = Ed25519PrivateKey.Generate();
        key.Dispose();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Sign([1]));
    }
}
