using System.Security.Cryptography;

namespace RustyNode.Network.Multiformats;

/// <summary>
/// A self-describing hash: varint code, varint digest length, digest (ENC-3). We produce the
/// identity and sha2-256 codes, the two that peer ids use.
/// </summary>
public static class Multihash
{
    /// <summary>The identity "hash": the digest is the input itself.</summary>
    public const ulong IdentityCode = 0x00;

    /// <summary>SHA-256.</summary>
    public const ulong Sha256Code = 0x12;

    /// <summary>Longest digest we accept when decoding.</summary>
    public const int MaxDigestLength = 128;

    /// <summary>Builds the multihash of <paramref name="digest"/> under <paramref name="code"/>.</summary>
    public static byte[] Encode(ulong code, ReadOnlySpan<byte> digest)
    {
        var codeSize = Varint.GetSize(code);
        var lengthSize = Varint.GetSize((ulong)digest.Length);
        var result = new byte[codeSize + lengthSize + digest.Length];
        Varint.Write(result, code);
        Varint.Write(result.AsSpan(codeSize), (ulong)digest.Length);
        digest.CopyTo(result.AsSpan(codeSize + lengthSize));
        return result;
    }

    /// <summary>The identity multihash of <paramref name="data"/>.</summary>
    public static byte[] Identity(ReadOnlySpan<byte> data) => Encode(IdentityCode, data);

    /// <summary>The sha2-256 multihash of <paramref name="data"/>.</summary>
    public static byte[] Sha256(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(data, digest);
        return Encode(Sha256Code, digest);
    }

    /// <summary>Splits a complete multihash into its code and digest.</summary>
    /// <exception cref="MultiformatException">Truncated, trailing bytes, or a digest over the limit.</exception>
    public static void Decode(ReadOnlySpan<byte> multihash, out ulong code, out ReadOnlySpan<byte> digest)
    {
        if (!Varint.TryRead(multihash, out code, out var codeSize))
        {
            throw new MultiformatException("Multihash is truncated in its code.");
        }

        if (!Varint.TryRead(multihash[codeSize..], out var length, out var lengthSize))
        {
            throw new MultiformatException("Multihash is truncated in its length.");
        }

        if (length > MaxDigestLength)
        {
            throw new MultiformatException($"Multihash digest of {length} bytes exceeds {MaxDigestLength}.");
        }

        var rest = multihash[(codeSize + lengthSize)..];
        if ((ulong)rest.Length != length)
        {
            throw new MultiformatException($"Multihash declares {length} digest bytes but carries {rest.Length}.");
        }

        digest = rest;
    }
}
