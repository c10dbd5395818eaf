using System.Security.Cryptography;
using RustyNode.Network.Crypto.OpenSsl;

namespace RustyNode.Network.Crypto;

/// <summary>
/// An X25519 (RFC 7748) key pair held in an OpenSSL key object: the Diffie-Hellman function of
/// Noise. The private scalar stays inside OpenSSL; only the public key is copied out.
/// </summary>
public sealed class X25519KeyPair : IDisposable
{
    /// <summary>Length of a private key, a public key and a shared secret.</summary>
    public const int KeySize = 32;

    private readonly EvpPkeyHandle _key;
    private readonly byte[] _publicKey = new byte[KeySize];

    private unsafe X25519KeyPair(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != KeySize)
        {
            throw new ArgumentException($"An X25519 private key is {KeySize} bytes, not {privateKey.Length}.", nameof(privateKey));
        }

        fixed (byte* k = privateKey)
        {
            _key = LibCrypto.EvpPkeyNewRawPrivateKey(LibCrypto.EvpPkeyX25519, IntPtr.Zero, k, KeySize);
        }

        if (_key.IsInvalid)
        {
            _key.Dispose();
            LibCrypto.ErrClearError();
            throw new CryptographicException("OpenSSL refused the X25519 private key.");
        }

        nuint length = KeySize;
        fixed (byte* pk = _publicKey)
        {
            if (LibCrypto.EvpPkeyGetRawPublicKey(_key, pk, ref length) != 1 || length != KeySize)
            {
                _key.Dispose();
                LibCrypto.ErrClearError();
                throw new CryptographicException("OpenSSL could not export the X25519 public key.");
            }
        }
    }

    /// <summary>The public key (little-endian u-coordinate, RFC 7748 section 5).</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>A fresh key pair from the system random number generator.</summary>
    public static X25519KeyPair Generate()
    {
        Span<byte> scalar = stackalloc byte[KeySize];
        RandomNumberGenerator.Fill(scalar);
        try
        {
            return new X25519KeyPair(scalar);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <summary>Imports a private key (clamping is done by X25519 itself).</summary>
    public static X25519KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey) => new(privateKey);

    /// <summary>
    /// Computes X25519(private, <paramref name="peerPublicKey"/>) into <paramref name="sharedSecret"/>.
    /// </summary>
    /// <returns><c>false</c> when the peer key is malformed or the result is all zero (a
    /// small-order peer point), which callers treat as a protocol violation.</returns>
    public unsafe bool TryDeriveSharedSecret(ReadOnlySpan<byte> peerPublicKey, Span<byte> sharedSecret)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sharedSecret.Length, KeySize, nameof(sharedSecret));
        if (peerPublicKey.Length != KeySize)
        {
            return false;
        }

        EvpPkeyHandle peer;
        fixed (byte* pk = peerPublicKey)
        {
            peer = LibCrypto.EvpPkeyNewRawPublicKey(LibCrypto.EvpPkeyX25519, IntPtr.Zero, pk, KeySize);
        }

        using (peer)
        {
            if (peer.IsInvalid)
            {
                LibCrypto.ErrClearError();
                return false;
            }

            return Derive(peer, sharedSecret);
        }
    }

    /// <summary>Releases the OpenSSL key object. Safe to call twice.</summary>
    public void Dispose() => _key.Dispose();

    private unsafe bool Derive(EvpPkeyHandle peer, Span<byte> sharedSecret)
    {
        using var context = LibCrypto.EvpPkeyCtxNew(_key, IntPtr.Zero);
        nuint length = KeySize;
        var ok = !context.IsInvalid
            && LibCrypto.EvpPkeyDeriveInit(context) == 1
            && LibCrypto.EvpPkeyDeriveSetPeer(context, peer) == 1;
        if (ok)
        {
            fixed (byte* s = sharedSecret)
            {
                ok = LibCrypto.EvpPkeyDerive(context, s, ref length) == 1 && length == KeySize;
            }
        }

        if (!ok)
        {
            // OpenSSL itself refuses an all-zero X25519 output.
            LibCrypto.ErrClearError();
            sharedSecret[..KeySize].Clear();
            return false;
        }

        var accumulated = 0;
        foreach (var b in sharedSecret[..KeySize])
        {
            accumulated |= b;
        }

        return accumulated != 0;
    }
}
