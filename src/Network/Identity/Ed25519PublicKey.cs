namespace RustyNode.Network.Identity;

/// <summary>An Ed25519 public key: 32 bytes as defined by RFC 8032 (ID-1.3).</summary>
public sealed class Ed25519PublicKey : PublicKey
{
    /// <summary>Wraps a 32-byte Ed25519 public key (copied).</summary>
    /// <exception cref="InvalidKeyException">Not 32 bytes.</exception>
    public Ed25519PublicKey(ReadOnlySpan<byte> key)
        : base(Check(key.ToArray()))
    {
    }

    internal Ed25519PublicKey(byte[] key)
        : base(Check(key))
    {
    }

    public override KeyType Type => KeyType.Ed25519;

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        Crypto.Ed25519.Verify(Data, data, signature);

    private static byte[] Check(byte[] key)
    {
        if (key.Length != Crypto.Ed25519.PublicKeySize)
        {
            throw new InvalidKeyException($"An Ed25519 public key is {Crypto.Ed25519.PublicKeySize} bytes, not {key.Length}.");
        }

        return key;
    }
}
