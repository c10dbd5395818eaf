using System.Buffers;
using System.Security.Cryptography;
using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Primitives;

/// <summary>The hash functions of the chain rules (CHAIN-1.4, CHAIN-3.1).</summary>
public static class Hashes
{
    /// <summary>SHA-256 applied twice: the id of headers and transactions and the merkle node hash.</summary>
    public static Hash256 DoubleSha256(ReadOnlySpan<byte> data)
    {
        Span<byte> first = stackalloc byte[32];
        Sha256.Hash(data, first);
        Sha256.Hash(first, first);
        return new Hash256(first);
    }

    /// <summary>Double SHA-256 of a possibly multi-segment sequence.</summary>
    public static Hash256 DoubleSha256(in ReadOnlySequence<byte> data)
    {
        if (data.IsSingleSegment)
        {
            return DoubleSha256(data.FirstSpan);
        }

        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var segment in data)
        {
            hasher.AppendData(segment.Span);
        }

        Span<byte> first = stackalloc byte[32];
        hasher.GetHashAndReset(first);
        Sha256.Hash(first, first);
        return new Hash256(first);
    }

    /// <summary>Double SHA-256 of the concatenation of two hashes (a merkle tree node).</summary>
    public static Hash256 HashPair(in Hash256 left, in Hash256 right)
    {
        Span<byte> pair = stackalloc byte[64];
        left.WriteTo(pair);
        right.WriteTo(pair[32..]);
        return DoubleSha256(pair);
    }

    /// <summary>
    /// The 20-byte key hash that a pay-to-key-hash output commits to: the first 20 bytes of the
    /// double SHA-256 of the 33-byte compressed public key (CHAIN-3.1).
    /// </summary>
    public static byte[] KeyHash(ReadOnlySpan<byte> compressedPublicKey)
    {
        Span<byte> digest = stackalloc byte[32];
        Sha256.Hash(compressedPublicKey, digest);
        Sha256.Hash(digest, digest);
        return digest[..20].ToArray();
    }
}
