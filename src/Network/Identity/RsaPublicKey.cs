using System.Security.Cryptography;

namespace RustyNode.Network.Identity;

/// <summary>
/// An RSA public key, PKIX SubjectPublicKeyInfo DER (ID-1.3), with a modulus between
/// <see cref="IdentityLimits.MinRsaModulusBits"/> and <see cref="IdentityLimits.MaxRsaModulusBits"/>.
/// Signatures are RSASSA-PKCS1-v1_5 over SHA-256.
/// </summary>
public sealed class RsaPublicKey : PublicKey
{
    /// <summary>Wraps a PKIX-encoded RSA public key (copied).</summary>
    /// <exception cref="InvalidKeyException">Not a valid PKIX RSA key, or a modulus out of bounds.</exception>
    public RsaPublicKey(ReadOnlySpan<byte> key)
        : this(key.ToArray())
    {
    }

    internal RsaPublicKey(byte[] key)
        : base(key)
    {
        using var rsa = Import(key);
    }

    public override KeyType Type => KeyType.RSA;

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length is 0 or > IdentityLimits.MaxSignatureLength)
        {
            return false;
        }

        using var rsa = Import(Data);
        try
        {
            return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static RSA Import(ReadOnlySpan<byte> key)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(key, out var read);
            if (read != key.Length)
            {
                throw new InvalidKeyException("RSA public key has trailing bytes after its PKIX structure.");
            }

            if (rsa.KeySize is < IdentityLimits.MinRsaModulusBits or > IdentityLimits.MaxRsaModulusBits)
            {
                throw new InvalidKeyException(
                    $"RSA modulus of {rsa.KeySize} bits is outside {IdentityLimits.MinRsaModulusBits}..{IdentityLimits.MaxRsaModulusBits}.");
            }

            return rsa;
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new InvalidKeyException("RSA public key is not a valid PKIX key.", ex);
        }
        catch (InvalidKeyException)
        {
            rsa.Dispose();
            throw;
        }
    }
}
