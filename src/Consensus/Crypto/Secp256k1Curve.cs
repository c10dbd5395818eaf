using System.Numerics;

namespace RustyNode.Consensus.Crypto;

/// <summary>Constants of the secp256k1 curve y² = x³ + 7 over the prime field p.</summary>
internal static class Secp256k1Curve
{
    public static readonly BigInteger P = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    public static readonly BigInteger N = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    public static readonly BigInteger HalfN = N >> 1;

    public static BigInteger FromBigEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    /// <summary>Writes <paramref name="value"/> as exactly 32 big-endian bytes.</summary>
    public static void ToBigEndian32(BigInteger value, Span<byte> destination)
    {
        destination[..32].Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination.Slice(32 - length, length), out _, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>True when the private key is in [1, n-1].</summary>
    public static bool IsValidPrivateKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            return false;
        }

        var d = FromBigEndian(key);
        return !d.IsZero && d < N;
    }
}
