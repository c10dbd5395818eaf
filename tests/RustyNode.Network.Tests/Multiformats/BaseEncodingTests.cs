using System.Text;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Tests.Multiformats;

public class BaseEncodingTests
{
    [Theory]
    [Trait("Clause", "ENC-2.1")]
    [InlineData("", "")]
    [InlineData("Hello World!", "2NEpo7TZRRrLZSi2U")]
    [InlineData("The quick brown fox jumps over the lazy dog.", "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z")]
    public void Base58_matches_the_base_encoding_draft_vectors(string text, string encoded)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(encoded, Base58.Encode(bytes));
        Assert.Equal(bytes, Base58.Decode(encoded));
    }

    [Theory]
    [Trait("Clause", "ENC-2.1")]
    [InlineData("00000000000000000000", "1111111111")]
    [InlineData("00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L")]
    [InlineData("572e4794", "3EFU7m")]
    [InlineData("ecac89cad93923c02321", "EJDM8drfXA6uyA")]
    [InlineData("10c8511e", "Rt5zm")]
    public void Base58_matches_bitcoin_core_vectors_including_leading_zeros(string hex, string encoded)
    {
        var bytes = Convert.FromHexString(hex);
        Assert.Equal(encoded, Base58.Encode(bytes));
        Assert.Equal(bytes, Base58.Decode(encoded));
    }

    [Theory]
    [Trait("Clause", "ENC-2.2")]
    [InlineData("0")]
    [InlineData("O")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("é")]
    public void Base58_rejects_characters_outside_the_alphabet(string text)
    {
        Assert.Throws<MultiformatException>(() => Base58.Decode(text));
    }

    [Theory]
    [Trait("Clause", "ENC-2.3")]
    [InlineData("", "")]
    [InlineData("f", "my")]
    [InlineData("fo", "mzxq")]
    [InlineData("foo", "mzxw6")]
    [InlineData("foob", "mzxw6yq")]
    [InlineData("fooba", "mzxw6ytb")]
    [InlineData("foobar", "mzxw6ytboi")]
    public void Base32_matches_rfc4648_vectors_lower_case_unpadded(string text, string encoded)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(encoded, Base32.Encode(bytes));
        Assert.Equal(bytes, Base32.Decode(encoded));
        Assert.Equal(bytes, Base32.Decode(encoded.ToUpperInvariant()));
    }

    [Fact]
    [Trait("Clause", "ENC-3.1")]
    public void Sha256_multihash_has_code_0x12_and_length_32()
    {
        var mh = Multihash.Sha256("hello"u8);
        Assert.Equal("12202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Convert.ToHexStringLower(mh));
        Multihash.Decode(mh, out var code, out var digest);
        Assert.Equal(Multihash.Sha256Code, code);
        Assert.Equal(32, digest.Length);
    }

    [Fact]
    [Trait("Clause", "ENC-3.2")]
    public void Multihash_with_wrong_length_is_rejected()
    {
        Assert.Throws<MultiformatException>(() => Multihash.Decode([0x12, 0x20, 1, 2, 3], out _, out _));
        Assert.Throws<MultiformatException>(() => Multihash.Decode([0x00, 0x01, 1, 2], out _, out _));
    }
}
