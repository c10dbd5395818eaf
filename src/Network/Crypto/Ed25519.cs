using System.Security.Cryptography;
using NSec.Cryptography;

namespace RustyNode.Network.Crypto;

/// <summary>
/// Ed25519 (RFC 8032, pure variant) through NSec.Cryptography over libsodium: about twice as fast
/// as the system OpenSSL it replaced, for signing and verifying alike (Ed25519Benchmarks), and
/// strict where OpenSSL is lax (ID-1.6): a small-order public key or R, a non-canonical encoding or
/// an S not below the group order fails verification, so no signature verifies for every message.
/// Private keys live in an NSec <see cref="Key"/> (libsodium guarded memory) for as long as their
/// owner keeps them.
/// </summary>
public static class Ed25519
{
    /// <summary>Length of a private key seed.</summary>
    public const int SeedSize = 32;

    /// <summary>Length of an encoded public key.</summary>
    public const int PublicKeySize = 32;

    /// <summary>Length of a signature.</summary>
    public const int SignatureSize = 64;

    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>Derives the public key of <paramref name="seed"/>.</summary>
    public static void GetPublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        using var key = ImportPrivateKey(seed);
        ExportPublicKey(key, publicKey);
    }

    /// <summary>Signs <paramref name="data"/> with the key whose seed is <paramref name="seed"/>.</summary>
    public static void Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        using var key = ImportPrivateKey(seed);
        Sign(key, data, signature);
    }

    /// <summary>
    /// Checks <paramref name="signature"/> over <paramref name="data"/>. Any malformed input
    /// (wrong lengths, a public key that is not a curve point or has a small order) gives
    /// <c>false</c>, never an exception.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        return NSec.Cryptography.PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key)
            && Algorithm.Verify(key!, data, signature);
    }

    /// <summary>The private key of <paramref name="seed"/>, exportable so that it can be stored (ID-1.4).</summary>
    internal static Key ImportPrivateKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, in parameters);
    }

    internal static void ExportPublicKey(Key key, Span<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(publicKey.Length, PublicKeySize, nameof(publicKey));
        if (!key.PublicKey.TryExport(KeyBlobFormat.RawPublicKey, publicKey, out var written) || written != PublicKeySize)
        {
            throw new CryptographicException("libsodium could not export the Ed25519 public key.");
        }
    }

    internal static void ExportSeed(Key key, Span<byte> seed)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(seed.Length, SeedSize, nameof(seed));
        if (!key.TryExport(KeyBlobFormat.RawPrivateKey, seed, out var written) || written != SeedSize)
        {
            throw new CryptographicException("libsodium could not export the Ed25519 seed.");
        }
    }

    internal static void Sign(Key key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(signature.Length, SignatureSize, nameof(signature));
        Algorithm.Sign(key, data, signature[..SignatureSize]);
    }
}
