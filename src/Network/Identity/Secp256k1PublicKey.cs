using System.Numerics;
using System.Security.Cryptography;

namespace RustyNode.Network.Identity;

/// <summary>
/// A secp256k1 public key: the 33-byte compressed SEC1 point (ID-1.3). Signatures are DER-encoded
/// ECDSA over SHA-256, verified by the BCL ECDsa on the secp256k1 curve (OpenSSL underneath).
/// </summary>
public sealed class Secp256k1PublicKey : PublicKey
{
    /// <summary>Length of the compressed encoding.</summary>
    public const int CompressedSize = 33;

    private const int CoordinateSize = 32;

    private static readonly BigInteger FieldPrime =
        BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", System.Globalization.NumberStyles.HexNumber, null);

    private readonly byte[] _x;
    private readonly byte[] _y;

    /// <summary>Wraps a compressed secp256k1 point (copied).</summary>
    /// <exception cref="InvalidKeyException">Not a compressed point on the curve.</exception>
    public Secp256k1PublicKey(ReadOnlySpan<byte> key)
        : this(key.ToArray())
    {
    }

    internal Secp256k1PublicKey(byte[] key)
        : base(key)
    {
        (_x, _y) = Decompress(key);
    }

    public override KeyType Type => KeyType.Secp256k1;

    public override bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length is 0 or > IdentityLimits.MaxSignatureLength)
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.CreateFromFriendlyName("secP256k1"),
                Q = new ECPoint { X = _x, Y = _y },
            });
            return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static (byte[] X, byte[] Y) Decompress(byte[] key)
    {
        if (key.Length != CompressedSize || (key[0] != 0x02 && key[0] != 0x03))
        {
            throw new InvalidKeyException($"A secp256k1 public key is a {CompressedSize}-byte compressed point.");
        }

        var x = new BigInteger(key.AsSpan(1), isUnsigned: true, isBigEndian: true);
        if (x >= FieldPrime)
        {
            throw new InvalidKeyException("secp256k1 x coordinate is not in the field.");
        }

        var rhs = (BigInteger.ModPow(x, 3, FieldPrime) + 7) % FieldPrime;

        // p = 3 (mod 4), so a square root of rhs, if any, is rhs^((p+1)/4).
        var y = BigInteger.ModPow(rhs, (FieldPrime + 1) / 4, FieldPrime);
        if (BigInteger.ModPow(y, 2, FieldPrime) != rhs)
        {
            throw new InvalidKeyException("secp256k1 public key is not a point on the curve.");
        }

        if (y.IsEven != (key[0] == 0x02))
        {
            y = FieldPrime - y;
        }

        var yBytes = new byte[CoordinateSize];
        y.TryWriteBytes(yBytes.AsSpan(CoordinateSize - y.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
        return (key[1..], yBytes);
    }
}
