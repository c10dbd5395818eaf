using System.Security.Cryptography;
using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Tests.Crypto;

public sealed class Sha256Tests
{
    [Fact]
    [Trait("Clause", "CHAIN-1.4")]
    public void Agrees_with_the_BCL_on_every_length_across_block_boundaries_and_beyond_the_short_path()
    {
        var data = new byte[5_000];
        new Random(4).NextBytes(data);
        Span<byte> ours = stackalloc byte[32];
        foreach (var length in Enumerable.Range(0, 300).Concat([4_095, 4_096, 4_097, 5_000]))
        {
            Sha256.Hash(data.AsSpan(0, length), ours);
            Assert.Equal(SHA256.HashData(data.AsSpan(0, length)), ours.ToArray());
        }
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.4")]
    public void Hashes_in_place_as_double_SHA_256_does()
    {
        Span<byte> buffer = stackalloc byte[32];
        "abc"u8.CopyTo(buffer);
        Sha256.Hash(buffer[..3], buffer);
        Assert.Equal(Convert.FromHexString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), buffer.ToArray());
        Sha256.Hash(buffer, buffer);
        Assert.Equal(SHA256.HashData(SHA256.HashData("abc"u8)), buffer.ToArray());
    }

    [Fact]
    public void Uses_libcrypto_directly_on_Linux()
    {
        // .NET's cryptography on Linux needs OpenSSL 3 itself, so the fast path must be found there.
        Assert.Equal(OperatingSystem.IsLinux(), Sha256.IsNative);
    }
}
