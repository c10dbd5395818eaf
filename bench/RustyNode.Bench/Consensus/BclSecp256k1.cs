using System.Numerics;
using System.Security.Cryptography;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Bench.Consensus;

/// <summary>
/// secp256k1 through the BCL's <see cref="ECDsa"/> (OpenSSL on Linux): the chain's fallback until
/// NBitcoin.Secp256k1 replaced it (<see cref="ManagedSecp256k1"/>), kept here only so the signature
/// benchmark can show the three side by side in one run. Compressed keys are decompressed here
/// (y from x with a square root modulo p) because the BCL imports only full points.
/// </summary>
public sealed class BclSecp256k1 : ISecp256k1
{
    private static readonly ECCurve Curve = ECCurve.CreateFromFriendlyName("secP256k1");
    private static readonly BigInteger SqrtExponent = (Secp256k1Curve.P + 1) / 4;

    /// <summary>Keys imported per thread, kept for reuse: importing costs about as much as verifying.</summary>
    private const int KeyCacheSize = 256;

    [ThreadStatic]
    private static Dictionary<(Hash256 X, byte Prefix), ECDsa>? _threadKeys;

    public string Name => "bcl";

    public bool IsValidPublicKey(ReadOnlySpan<byte> compressedPublicKey) =>
        TryDecompress(compressedPublicKey, out _, out _);

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> hash32)
    {
        Span<byte> rs = stackalloc byte[64];
        if (hash32.Length != 32 || compressedPublicKey.Length != 33 || !DerSignature.TryDecode(derSignature, rs[..32], rs[32..]))
        {
            return false;
        }

        var r = Secp256k1Curve.FromBigEndian(rs[..32]);
        var s = Secp256k1Curve.FromBigEndian(rs[32..]);
        if (r.IsZero || s.IsZero || r >= Secp256k1Curve.N || s > Secp256k1Curve.HalfN)
        {
            return false;
        }

        var ecdsa = GetKey(compressedPublicKey);
        return ecdsa is not null && ecdsa.VerifyHash(hash32, rs, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static ECDsa? GetKey(ReadOnlySpan<byte> compressedPublicKey)
    {
        var cache = _threadKeys ??= [];
        var id = (new Hash256(compressedPublicKey[1..]), compressedPublicKey[0]);
        if (cache.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (!TryDecompress(compressedPublicKey, out var x, out var y))
        {
            return null;
        }

        ECDsa ecdsa;
        try
        {
            ecdsa = ECDsa.Create(new ECParameters { Curve = Curve, Q = new ECPoint { X = x, Y = y } });
        }
        catch (CryptographicException)
        {
            return null;
        }

        if (cache.Count >= KeyCacheSize)
        {
            foreach (var old in cache.Values)
            {
                old.Dispose();
            }

            cache.Clear();
        }

        cache[id] = ecdsa;
        return ecdsa;
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32)
    {
        if (!Secp256k1Curve.IsValidPrivateKey(privateKey32) || hash32.Length != 32)
        {
            throw new ArgumentException("A private key in [1, n-1] and a 32-byte hash are required.");
        }

        using var ecdsa = ECDsa.Create(new ECParameters { Curve = Curve, D = privateKey32.ToArray() });
        var rs = ecdsa.SignHash(hash32.ToArray(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var s = Secp256k1Curve.FromBigEndian(rs.AsSpan(32));
        if (s > Secp256k1Curve.HalfN)
        {
            Secp256k1Curve.ToBigEndian32(Secp256k1Curve.N - s, rs.AsSpan(32));
        }

        return DerSignature.Encode(rs.AsSpan(0, 32), rs.AsSpan(32));
    }

    public byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32)
    {
        if (!Secp256k1Curve.IsValidPrivateKey(privateKey32))
        {
            throw new ArgumentException("A private key in [1, n-1] is required.", nameof(privateKey32));
        }

        using var ecdsa = ECDsa.Create(new ECParameters { Curve = Curve, D = privateKey32.ToArray() });
        var q = ecdsa.ExportParameters(includePrivateParameters: false).Q;
        var result = new byte[33];
        result[0] = (byte)((q.Y![31] & 1) == 0 ? 0x02 : 0x03);
        q.X!.CopyTo(result, 1);
        return result;
    }

    private static bool TryDecompress(ReadOnlySpan<byte> key, out byte[] x, out byte[] y)
    {
        x = [];
        y = [];
        if (key.Length != 33 || (key[0] != 0x02 && key[0] != 0x03))
        {
            return false;
        }

        var p = Secp256k1Curve.P;
        var xValue = Secp256k1Curve.FromBigEndian(key[1..]);
        if (xValue >= p)
        {
            return false;
        }

        var rhs = (BigInteger.ModPow(xValue, 3, p) + 7) % p;
        var yValue = BigInteger.ModPow(rhs, SqrtExponent, p);
        if (yValue * yValue % p != rhs)
        {
            return false;
        }

        if (!yValue.IsEven != (key[0] == 0x03))
        {
            yValue = p - yValue;
        }

        x = key[1..].ToArray();
        y = new byte[32];
        Secp256k1Curve.ToBigEndian32(yValue, y);
        return true;
    }
}
