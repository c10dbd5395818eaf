using NBitcoin.Secp256k1;

namespace RustyNode.Consensus.Crypto;

/// <summary>
/// secp256k1 through NBitcoin.Secp256k1, a managed C# port of libsecp256k1 (the same algorithms,
/// the same RFC 6979 nonces): the fallback when libsecp256k1 is not installed. Several times slower
/// than the native library, faster than the BCL's ECDsa it replaced (SignatureBenchmarks); the
/// same answers for every input, checked by the tests on the chain's vectors. The encoding rules
/// (strict DER, 0 &lt; r &lt; n, 0 &lt; s ≤ n/2) are ours, applied before the library is asked,
/// exactly as <see cref="NativeSecp256k1"/> applies them.
/// </summary>
public sealed class ManagedSecp256k1 : ISecp256k1
{
    private static readonly Context Library = Context.Instance;

    public string Name => "managed";

    public bool IsValidPublicKey(ReadOnlySpan<byte> compressedPublicKey) => TryParsePublicKey(compressedPublicKey, out _);

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> hash32)
    {
        Span<byte> r32 = stackalloc byte[32];
        Span<byte> s32 = stackalloc byte[32];
        if (hash32.Length != 32 || !DerSignature.TryDecode(derSignature, r32, s32))
        {
            return false;
        }

        var r = new Scalar(r32, out var rOverflow);
        var s = new Scalar(s32, out var sOverflow);
        if (rOverflow != 0 || sOverflow != 0 || r.IsZero || s.IsZero || s.IsHigh)
        {
            return false; // CHAIN-3.4: 0 < r < n and 0 < s <= n/2, refused as libsecp256k1 refuses them
        }

        return TryParsePublicKey(compressedPublicKey, out var key)
            && key.SigVerify(new SecpECDSASignature(r, s, enforceCheck: false), hash32);
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32)
    {
        if (!Secp256k1Curve.IsValidPrivateKey(privateKey32) || hash32.Length != 32)
        {
            throw new ArgumentException("A private key in [1, n-1] and a 32-byte hash are required.");
        }

        using var key = ECPrivKey.Create(privateKey32, Library);
        if (!key.TrySignECDSA(hash32, out var signature) || signature is null)
        {
            throw new InvalidOperationException("NBitcoin.Secp256k1 failed to sign.");
        }

        var (r, s) = signature;
        if (s.IsHigh)
        {
            s = s.Negate(); // the port already signs with a low S, as libsecp256k1 does; kept explicit
        }

        Span<byte> r32 = stackalloc byte[32];
        Span<byte> s32 = stackalloc byte[32];
        r.WriteToSpan(r32);
        s.WriteToSpan(s32);
        return DerSignature.Encode(r32, s32);
    }

    public byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32)
    {
        if (!Secp256k1Curve.IsValidPrivateKey(privateKey32))
        {
            throw new ArgumentException("A private key in [1, n-1] is required.", nameof(privateKey32));
        }

        using var key = ECPrivKey.Create(privateKey32, Library);
        var result = new byte[StandardScripts.PublicKeyLength];
        key.CreatePubKey().WriteToSpan(compressed: true, result, out _);
        return result;
    }

    private static bool TryParsePublicKey(ReadOnlySpan<byte> compressedPublicKey, out ECPubKey key)
    {
        key = null!;
        return compressedPublicKey.Length == StandardScripts.PublicKeyLength
            && compressedPublicKey[0] is 0x02 or 0x03
            && ECPubKey.TryCreate(compressedPublicKey, Library, out _, out key!);
    }
}
