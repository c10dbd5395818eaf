using System.Security.Cryptography;
using System.Text;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// The Noise SymmetricState for SHA-256: chaining key, handshake hash and the handshake
/// CipherState.
/// </summary>
internal sealed class SymmetricState : IDisposable
{
    private const int HashLength = 32;

    private readonly byte[] _chainingKey = new byte[HashLength];
    private readonly byte[] _hash = new byte[HashLength];
    private readonly CipherState _cipher = new();

    public SymmetricState(string protocolName)
    {
        var name = Encoding.ASCII.GetBytes(protocolName);
        if (name.Length <= HashLength)
        {
            name.CopyTo(_hash, 0);
        }
        else
        {
            SHA256.HashData(name, _hash);
        }

        _hash.CopyTo(_chainingKey, 0);
    }

    /// <summary>The handshake hash h (channel binding once the handshake is over).</summary>
    public ReadOnlySpan<byte> HandshakeHash => _hash;

    public bool HasKey => _cipher.HasKey;

    public void MixKey(ReadOnlySpan<byte> inputKeyMaterial)
    {
        Span<byte> output = stackalloc byte[2 * HashLength];
        Hkdf(_chainingKey, inputKeyMaterial, output);
        output[..HashLength].CopyTo(_chainingKey);
        _cipher.InitializeKey(output[HashLength..]);
        CryptographicOperations.ZeroMemory(output);
    }

    public void MixHash(ReadOnlySpan<byte> data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(_hash);
        sha.AppendData(data);
        sha.GetHashAndReset(_hash);
    }

    public int EncryptAndHash(ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        var written = _cipher.Encrypt(_hash, plaintext, destination);
        MixHash(destination[..written]);
        return written;
    }

    public int DecryptAndHash(ReadOnlySpan<byte> ciphertext, Span<byte> destination)
    {
        var written = _cipher.Decrypt(_hash, ciphertext, destination);
        MixHash(ciphertext);
        return written;
    }

    /// <summary>The two transport CipherStates: initiator-to-responder, then responder-to-initiator.</summary>
    public (CipherState First, CipherState Second) Split()
    {
        Span<byte> output = stackalloc byte[2 * HashLength];
        Hkdf(_chainingKey, ReadOnlySpan<byte>.Empty, output);
        var first = new CipherState();
        var second = new CipherState();
        first.InitializeKey(output[..HashLength]);
        second.InitializeKey(output[HashLength..]);
        CryptographicOperations.ZeroMemory(output);
        return (first, second);
    }

    public void Dispose()
    {
        _cipher.Dispose();
        CryptographicOperations.ZeroMemory(_hash);
        CryptographicOperations.ZeroMemory(_chainingKey);
    }

    /// <summary>
    /// Noise's HKDF with two outputs: a temporary key HMAC(ck, ikm), then
    /// out1 = HMAC(temp, 0x01) and out2 = HMAC(temp, out1 || 0x02). (It equals RFC 5869 with
    /// empty info, but OpenSSL's HKDF refuses the empty input key material that Split uses.)
    /// </summary>
    private static void Hkdf(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> inputKeyMaterial, Span<byte> output)
    {
        Span<byte> temp = stackalloc byte[HashLength];
        Span<byte> block = stackalloc byte[HashLength + 1];
        HMACSHA256.HashData(chainingKey, inputKeyMaterial, temp);
        block[0] = 0x01;
        HMACSHA256.HashData(temp, block[..1], output[..HashLength]);
        output[..HashLength].CopyTo(block);
        block[HashLength] = 0x02;
        HMACSHA256.HashData(temp, block, output.Slice(HashLength, HashLength));
        CryptographicOperations.ZeroMemory(temp);
        CryptographicOperations.ZeroMemory(block);
    }
}
