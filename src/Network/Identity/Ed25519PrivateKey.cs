using System.Buffers.Binary;
using System.Security.Cryptography;
using Key = NSec.Cryptography.Key;
using RustyNode.Network.Identity.Protobuf;

namespace RustyNode.Network.Identity;

/// <summary>
/// The node's Ed25519 identity key. The private key stays in an NSec key (libsodium guarded memory)
/// owned by this instance until it is disposed; <see cref="ToProtobuf"/> is the only way it leaves.
/// </summary>
public sealed class Ed25519PrivateKey : IDisposable
{
    private const int TypeField = 1;
    private const int DataField = 2;

    private readonly Key _key;
    private int _disposed;

    private Ed25519PrivateKey(ReadOnlySpan<byte> seed)
    {
        _key = Crypto.Ed25519.ImportPrivateKey(seed);
        var publicKey = new byte[Crypto.Ed25519.PublicKeySize];
        Crypto.Ed25519.ExportPublicKey(_key, publicKey);
        PublicKey = new Ed25519PublicKey(publicKey);
        PeerId = PeerId.FromPublicKey(PublicKey);
    }

    /// <summary>The matching public key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>The peer id of <see cref="PublicKey"/> (computed once).</summary>
    public PeerId PeerId { get; }

    /// <summary>A fresh key from the system random number generator.</summary>
    public static Ed25519PrivateKey Generate()
    {
        Span<byte> seed = stackalloc byte[Crypto.Ed25519.SeedSize];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return new Ed25519PrivateKey(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The key whose RFC 8032 seed is <paramref name="seed32"/>.</summary>
    public static Ed25519PrivateKey FromSeed(ReadOnlySpan<byte> seed32)
    {
        if (seed32.Length != Crypto.Ed25519.SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {Crypto.Ed25519.SeedSize} bytes, not {seed32.Length}.", nameof(seed32));
        }

        return new Ed25519PrivateKey(seed32);
    }

    /// <summary>
    /// A deterministic key for tests and examples (ID-2.5): the seed is 32 zero bytes with
    /// <paramref name="n"/> written little-endian into bytes 0..7, as in rust-libp2p's examples.
    /// </summary>
    public static Ed25519PrivateKey FromSeedNumber(ulong n)
    {
        Span<byte> seed = stackalloc byte[Crypto.Ed25519.SeedSize];
        seed.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(seed, n);
        return new Ed25519PrivateKey(seed);
    }

    /// <summary>
    /// Loads a libp2p PrivateKey protobuf of type Ed25519 (ID-1.4). The data may be the 64-byte
    /// seed || public key, the bare 32-byte seed, or the legacy 96-byte seed || public || public.
    /// </summary>
    /// <exception cref="InvalidKeyException">Malformed, not Ed25519, or a public half that does not match.</exception>
    public static Ed25519PrivateKey FromProtobuf(ReadOnlySpan<byte> protobuf)
    {
        if (protobuf.Length > IdentityLimits.MaxPrivateKeyProtobufLength)
        {
            throw new InvalidKeyException($"PrivateKey protobuf of {protobuf.Length} bytes exceeds {IdentityLimits.MaxPrivateKeyProtobufLength}.");
        }

        PublicKey.ReadKeyProtobuf(protobuf, IdentityLimits.MaxPrivateKeyProtobufLength, out var type, out var data);
        try
        {
            if (type != KeyType.Ed25519)
            {
                throw new InvalidKeyException($"Only Ed25519 private keys are supported, not {type}.");
            }

            if (data.Length is not (32 or 64 or 96))
            {
                throw new InvalidKeyException($"Ed25519 private key data of {data.Length} bytes is not 32, 64 or 96.");
            }

            var key = new Ed25519PrivateKey(data.AsSpan(0, Crypto.Ed25519.SeedSize));
            for (var offset = Crypto.Ed25519.SeedSize; offset < data.Length; offset += Crypto.Ed25519.PublicKeySize)
            {
                if (!key.PublicKey.Data.SequenceEqual(data.AsSpan(offset, Crypto.Ed25519.PublicKeySize)))
                {
                    key.Dispose();
                    throw new InvalidKeyException("Ed25519 private key data carries a public key that does not match its seed.");
                }
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    /// <summary>Signs <paramref name="data"/> (64-byte RFC 8032 signature).</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[Crypto.Ed25519.SignatureSize];
        Sign(data, signature);
        return signature;
    }

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/> (at least 64 bytes).</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Crypto.Ed25519.Sign(_key, data, signature);
    }

    /// <summary>
    /// The libp2p PrivateKey protobuf (type Ed25519, data = seed || public key, 64 bytes), for
    /// storing the key. The caller owns the secret bytes returned.
    /// </summary>
    public byte[] ToProtobuf()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        const int dataLength = Crypto.Ed25519.SeedSize + Crypto.Ed25519.PublicKeySize;
        var result = new byte[ProtoWriter.SizeOfVarintField(TypeField, (ulong)KeyType.Ed25519) + ProtoWriter.SizeOfBytesField(DataField, dataLength)];
        var writer = new ProtoWriter(result);
        writer.WriteVarintField(TypeField, (ulong)KeyType.Ed25519);
        writer.WriteLengthPrefix(DataField, dataLength);
        var data = result.AsSpan(writer.Written, dataLength);
        Crypto.Ed25519.ExportSeed(_key, data);
        PublicKey.Data.CopyTo(data[Crypto.Ed25519.SeedSize..]);
        return result;
    }

    /// <summary>Releases the key (its memory is wiped). Safe to call twice.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _key.Dispose();
        }
    }
}
