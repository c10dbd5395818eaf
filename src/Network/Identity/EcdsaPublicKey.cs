using System.Security.Cryptography;

namespace RustyNode.Network.Identity;

/// <summary>
/// An ECDSA public key on a NIST curve, PKIX SubjectPublicKeyInfo DER (ID-1.3). Signatures are
/// DER-encoded ECDSA over SHA-256.
/// </summary>
public sealed class EcdsaPublicKey : PublicKey
{
    /// <summary>Wraps a PKIX-encoded ECDSA public key (copied).</summary>
    /// <exception cref="InvalidKeyException">Not a valid PKIX ECDSA key, or over the size limit.</exception>
    public EcdsaPublicKey(ReadOnlySpan<byte> key)
        : this(key.ToArray())
    {
    }

    internal EcdsaPublicKey(byte[] key)
        : base(key)
    {
        if (key.Length > IdentityLimits.MaxEcdsaPublicKeyLength)
        {
            throw new InvalidKeyException($"ECDSA public key of {key.Length} bytes exceeds {IdentityLimits.MaxEcdsaPublicKeyLength}.");
        }

        using var ecdsa = Import(key);
    }

    public override KeyType Type => KeyType.ECDSA;

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length is 0 or > IdentityLimits.MaxSignatureLength)
        {
            return false;
        }

        using var ecdsa = Import(Data);
        try
        {
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static ECDsa Import(ReadOnlySpan<byte> key)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(key, out var read);
            if (read != key.Length)
            {
                throw new InvalidKeyException("ECDSA public key has trailing bytes after its PKIX structure.");
            }

            return ecdsa;
        }
        catch (CryptographicException ex)
        {
            ecdsa.Dispose();
            throw new InvalidKeyException("ECDSA public key is not a valid PKIX key.", ex);
        }
        catch (InvalidKeyException)
        {
            ecdsa.Dispose();
            throw;
        }
    }
}
