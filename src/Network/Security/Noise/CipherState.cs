using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// A Noise CipherState with ChaChaPoly: one key, a 64-bit counter nonce (four zero bytes then the
/// counter little-endian), one reusable <see cref="ChaCha20Poly1305"/> instance. Encrypting or
/// decrypting allocates nothing.
/// </summary>
internal sealed class CipherState : IDisposable
{
    public const int KeyLength = 32;
    private const int NonceLength = 12;

    private ChaCha20Poly1305? _aead;
    private ulong _nonce;

    public bool HasKey => _aead is not null;

    public ulong Nonce => _nonce;

    public void InitializeKey(ReadOnlySpan<byte> key)
    {
        _aead?.Dispose();
        _aead = new ChaCha20Poly1305(key);
        _nonce = 0;
    }

    /// <summary>Seals <paramref name="plaintext"/> into <paramref name="destination"/> (ciphertext then tag).</summary>
    /// <returns>Bytes written: the plaintext length plus the tag, or just the plaintext without a key.</returns>
    public int Encrypt(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (_aead is null)
        {
            plaintext.CopyTo(destination);
            return plaintext.Length;
        }

        Span<byte> nonce = stackalloc byte[NonceLength];
        NextNonce(nonce);
        _aead.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, NoiseLimits.TagLength), associatedData);
        return plaintext.Length + NoiseLimits.TagLength;
    }

    /// <summary>Opens <paramref name="ciphertext"/> (ciphertext then tag) into <paramref name="destination"/>.</summary>
    /// <exception cref="NoiseProtocolException">Shorter than a tag, or the tag does not match.</exception>
    public int Decrypt(ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        if (_aead is null)
        {
            ciphertext.CopyTo(destination);
            return ciphertext.Length;
        }

        if (ciphertext.Length < NoiseLimits.TagLength)
        {
            throw new NoiseProtocolException($"Noise ciphertext of {ciphertext.Length} bytes is shorter than its {NoiseLimits.TagLength}-byte tag.");
        }

        var length = ciphertext.Length - NoiseLimits.TagLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        NextNonce(nonce);
        try
        {
            _aead.Decrypt(nonce, ciphertext[..length], ciphertext[length..], destination[..length], associatedData);
        }
        catch (CryptographicException ex)
        {
            throw new NoiseProtocolException("Noise decryption failed: the authentication tag does not match.", ex);
        }

        return length;
    }

    public void Dispose()
    {
        _aead?.Dispose();
        _aead = null;
    }

    private void NextNonce(Span<byte> nonce)
    {
        if (_nonce == ulong.MaxValue)
        {
            throw new NoiseProtocolException("Noise nonce space is exhausted; the session must be re-established.");
        }

        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonce[4..], _nonce);
        _nonce++;
    }
}
