using System.Security.Cryptography;
using RustyNode.Network.Crypto.OpenSsl;

namespace RustyNode.Network.Crypto;

/// <summary>
/// Ed25519 (RFC 8032, pure variant) through the system OpenSSL. Private keys live in an OpenSSL
/// key object (<see cref="EvpPkeyHandle"/>) for as long as their owner keeps them.
/// </summary>
public static class Ed25519
{
    /// <summary>Length of a private key seed.</summary>
    public const int SeedSize = 32;

    /// <summary>Length of an encoded public key.</summary>
    public const int PublicKeySize = 32;

    /// <summary>Length of a signature.</summary>
    public const int SignatureSize = 64;

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
    /// (wrong lengths, a public key that is not a curve point) gives <c>false</c>, never an exception.
    /// </summary>
    public static unsafe bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        EvpPkeyHandle key;
        fixed (byte* pk = publicKey)
        {
            key = LibCrypto.EvpPkeyNewRawPublicKey(LibCrypto.EvpPkeyEd25519, IntPtr.Zero, pk, PublicKeySize);
        }

        using (key)
        {
            if (key.IsInvalid)
            {
                LibCrypto.ErrClearError();
                return false;
            }

            using var context = NewDigestContext();
            if (LibCrypto.EvpDigestVerifyInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) != 1)
            {
                LibCrypto.ErrClearError();
                return false;
            }

            int result;
            fixed (byte* sig = signature)
            fixed (byte* msg = data)
            {
                result = LibCrypto.EvpDigestVerify(context, sig, SignatureSize, msg, (nuint)data.Length);
            }

            if (result != 1)
            {
                LibCrypto.ErrClearError();
            }

            return result == 1;
        }
    }

    internal static unsafe EvpPkeyHandle ImportPrivateKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedSize} bytes, not {seed.Length}.", nameof(seed));
        }

        EvpPkeyHandle key;
        fixed (byte* s = seed)
        {
            key = LibCrypto.EvpPkeyNewRawPrivateKey(LibCrypto.EvpPkeyEd25519, IntPtr.Zero, s, SeedSize);
        }

        if (key.IsInvalid)
        {
            key.Dispose();
            LibCrypto.ErrClearError();
            throw new CryptographicException("OpenSSL refused the Ed25519 private key.");
        }

        return key;
    }

    internal static unsafe void ExportPublicKey(EvpPkeyHandle key, Span<byte> publicKey)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(publicKey.Length, PublicKeySize, nameof(publicKey));
        nuint length = PublicKeySize;
        fixed (byte* pk = publicKey)
        {
            if (LibCrypto.EvpPkeyGetRawPublicKey(key, pk, ref length) != 1 || length != PublicKeySize)
            {
                LibCrypto.ErrClearError();
                throw new CryptographicException("OpenSSL could not export the Ed25519 public key.");
            }
        }
    }

    internal static unsafe void ExportSeed(EvpPkeyHandle key, Span<byte> seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seed.Length, SeedSize, nameof(seed));
        nuint length = SeedSize;
        fixed (byte* s = seed)
        {
            if (LibCrypto.EvpPkeyGetRawPrivateKey(key, s, ref length) != 1 || length != SeedSize)
            {
                LibCrypto.ErrClearError();
                throw new CryptographicException("OpenSSL could not export the Ed25519 seed.");
            }
        }
    }

    internal static unsafe void Sign(EvpPkeyHandle key, ReadOnlySpan<byte> data, Span<byte> signature)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(signature.Length, SignatureSize, nameof(signature));
        using var context = NewDigestContext();
        if (LibCrypto.EvpDigestSignInit(context, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, key) != 1)
        {
            LibCrypto.ErrClearError();
            throw new CryptographicException("EVP_DigestSignInit failed for Ed25519.");
        }

        nuint length = SignatureSize;
        int result;
        fixed (byte* sig = signature)
        fixed (byte* msg = data)
        {
            result = LibCrypto.EvpDigestSign(context, sig, ref length, msg, (nuint)data.Length);
        }

        if (result != 1 || length != SignatureSize)
        {
            LibCrypto.ErrClearError();
            throw new CryptographicException("EVP_DigestSign failed for Ed25519.");
        }
    }

    private static EvpMdCtxHandle NewDigestContext()
    {
        var context = LibCrypto.EvpMdCtxNew();
        if (context.IsInvalid)
        {
            context.Dispose();
            throw new CryptographicException("EVP_MD_CTX_new failed.");
        }

        return context;
    }
}
