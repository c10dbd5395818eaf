using RustyNode.Network.Identity;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Tests.Identity;

public class PeerIdTests
{
    [Fact]
    [Trait("Clause", "ID-2.1")]
    [Trait("Clause", "ID-2.4")]
    public void Ed25519_keys_inline_their_protobuf_in_an_identity_multihash()
    {
        var key = PublicKey.FromProtobuf(Convert.FromHexString(KeyVectors.Ed25519Public));
        var peerId = PeerId.FromPublicKey(key);
        Assert.Equal("0024" + KeyVectors.Ed25519Public, Convert.ToHexStringLower(peerId.ToBytes()));
        Assert.StartsWith("12D3KooW", peerId.ToString(), StringComparison.Ordinal);
        Assert.True(peerId.TryGetPublicKey(out var extracted));
        Assert.Equal(key, extracted);
        Assert.True(peerId.Matches(key));
    }

    [Theory]
    [Trait("Clause", "ID-2.1")]
    [Trait("Clause", "ID-2.4")]
    [InlineData(KeyVectors.RsaPublic)]
    [InlineData(KeyVectors.EcdsaPublic)]
    public void Long_keys_are_hashed_with_sha256(string hex)
    {
        var protobuf = Convert.FromHexString(hex);
        var peerId = PublicKey.FromProtobuf(protobuf).ToPeerId();
        Assert.Equal(Multihash.Sha256(protobuf), peerId.ToBytes());
        Assert.StartsWith("Qm", peerId.ToString(), StringComparison.Ordinal);
        Assert.False(peerId.TryGetPublicKey(out _));
        Assert.True(peerId.Matches(PublicKey.FromProtobuf(protobuf)));
    }

    [Fact]
    [Trait("Clause", "ID-2.1")]
    public void Secp256k1_key_of_37_bytes_is_inlined()
    {
        var peerId = PublicKey.FromProtobuf(Convert.FromHexString(KeyVectors.Secp256k1Public)).ToPeerId();
        Assert.Equal(0x00, peerId.ToBytes()[0]);
        Assert.StartsWith("16Uiu2", peerId.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Clause", "ID-2.3")]
    [InlineData("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")]
    [InlineData("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA")]
    [InlineData("12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X")]
    public void Spec_examples_parse_and_print_back(string text)
    {
        var peerId = PeerId.Parse(text);
        Assert.Equal(text, peerId.ToString());
        Assert.Equal(peerId, PeerId.Parse(peerId.ToCidString()));
        Assert.Equal(peerId, PeerId.FromBytes(peerId.ToBytes()));
    }

    [Fact]
    [Trait("Clause", "ID-2.3")]
    public void Spec_cid_example_is_the_same_peer_as_its_base58_form()
    {
        var fromCid = PeerId.Parse("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe");
        Assert.Equal("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N", fromCid.ToString());
        Assert.Equal("bafzbeie5745rpv2m6tjyuugywy4d5ewrqgqqhfnf445he3omzpjbx5xqxe", fromCid.ToCidString());
    }

    [Theory]
    [Trait("Clause", "ID-2.2")]
    [InlineData("")]
    [InlineData("x12D3KooW")]
    [InlineData("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5")] // truncated digest
    [InlineData("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")] // dag-pb CID, not libp2p-key
    [InlineData("12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5S0")] // '0' is not base58
    public void Invalid_text_is_rejected(string text)
    {
        Assert.Throws<InvalidKeyException>(() => PeerId.Parse(text));
        Assert.False(PeerId.TryParse(text, out _));
    }

    [Fact]
    [Trait("Clause", "ID-2.2")]
    public void Multihashes_other_than_identity_and_sha256_are_rejected()
    {
        Assert.Throws<InvalidKeyException>(() => PeerId.FromBytes(Multihash.Encode(0x13, new byte[64])));
        Assert.Throws<InvalidKeyException>(() => PeerId.FromBytes(Multihash.Encode(0x12, new byte[20])));
        Assert.Throws<InvalidKeyException>(() => PeerId.FromBytes(Multihash.Identity(new byte[43])));
        Assert.Throws<InvalidKeyException>(() => PeerId.FromBytes(Multihash.Identity([0x08, 0x01])));
        Assert.Throws<InvalidKeyException>(() => PeerId.FromBytes([0x12, 0x20, 0x00]));
    }

    [Fact]
    [Trait("Clause", "ID-2.2")]
    public void Random_text_and_bytes_never_raise_anything_but_InvalidKeyException()
    {
        var random = new Random(42);
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0Oil+/";
        for (var i = 0; i < 3000; i++)
        {
            var chars = new char[random.Next(1, 70)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            chars[0] = "1Qbz"[random.Next(4)];
            _ = PeerId.TryParse(new string(chars), out _);

            var bytes = new byte[random.Next(0, 50)];
            random.NextBytes(bytes);
            if (bytes.Length > 2 && i % 2 == 0)
            {
                bytes[0] = (byte)(i % 4 == 0 ? 0x00 : 0x12);
                bytes[1] = (byte)(bytes.Length - 2);
            }

            try
            {
                _ = PeerId.FromBytes(bytes);
            }
            catch (InvalidKeyException)
            {
            }
        }
    }

    [Fact]
    public void Peer_ids_work_as_dictionary_keys()
    {
        using var a = Ed25519PrivateKey.FromSeedNumber(7);
        var map = new Dictionary<PeerId, int> { [a.PeerId] = 7 };
        Assert.Equal(7, map[PeerId.Parse(a.PeerId.ToString())]);
        Assert.True(a.PeerId == PeerId.Parse(a.PeerId.ToCidString()));
        Assert.False(a.PeerId == PeerId.Parse("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N"));
    }
}
