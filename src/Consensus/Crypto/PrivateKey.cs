using System.Security.Cryptography;

namespace RustyNode.Consensus.Crypto;

/// <summary>A secp256k1 private key with its compressed public key and pay-to-key-hash script (for tests, generators and regtest).</summary>
public sealed class PrivateKey
{
    private readonly byte[] _secret;

    public PrivateKey(ReadOnlySpan<byte> secret, ISecp256k1? backend = null)
    {
        if (!Secp256k1Curve.IsValidPrivateKey(secret))
        {
            throw new ArgumentException("A private key is 32 bytes in [1, n-1].", nameof(secret));
        }

        _secret = secret.ToArray();
        Backend = backend ?? Secp256k1.Default;
        PublicKey = Backend.GetPublicKey(_secret);
        ScriptPubKey = StandardScripts.PayToPublicKey(PublicKey);
    }

    /// <summary>The backend used to sign.</summary>
    public ISecp256k1 Backend { get; }

    /// <summary>33-byte compressed public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The pay-to-key-hash output script of this key.</summary>
    public byte[] ScriptPubKey { get; }

    /// <summary>A key derived from a label: SHA-256 of its UTF-8 bytes (deterministic test and regtest keys).</summary>
    public static PrivateKey FromSeed(string label, ISecp256k1? backend = null) =>
        new(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(label)), backend);

    /// <summary>A fresh random key.</summary>
    public static PrivateKey Generate(ISecp256k1? backend = null)
    {
        Span<byte> secret = stackalloc byte[32];
        do
        {
            RandomNumberGenerator.Fill(secret);
        }
        while (!Secp256k1Curve.IsValidPrivateKey(secret));

        return new PrivateKey(secret, backend);
    }

    /// <summary>A copy of the 32-byte secret (for key files).</summary>
    public byte[] ExportSecret() => (byte[])_secret.Clone();

    /// <summary>Signs a 32-byte digest; strict DER, low S.</summary>
    public byte[] Sign(ReadOnlySpan<byte> digest32) => Backend.Sign(_secret, digest32);
}
