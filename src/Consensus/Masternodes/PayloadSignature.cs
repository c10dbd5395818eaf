using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// Signatures inside payloads and masternode messages (MNL-2.5): ECDSA on secp256k1 over a 32-byte
/// hash, strict DER with low S and no hash type byte, by a 33-byte compressed key. The encoding checks
/// of CHAIN-3.4 are made here, before the backend is asked, so both backends agree.
/// </summary>
public static class PayloadSignature
{
    /// <summary>True when <paramref name="derSignature"/> is a canonical signature of <paramref name="hash"/> by <paramref name="publicKey"/>.</summary>
    public static bool Verify(ISecp256k1 backend, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> derSignature, in Hash256 hash)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Span<byte> r = stackalloc byte[32];
        Span<byte> s = stackalloc byte[32];
        if (publicKey.Length != MasternodeRuleLimits.KeySize || !DerSignature.TryDecode(derSignature, r, s) || !SignatureChecker.IsLowS(s))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[32];
        hash.WriteTo(digest);
        return backend.Verify(publicKey, derSignature, digest);
    }

    /// <summary>Signs <paramref name="hash"/> with <paramref name="key"/>: strict DER, low S.</summary>
    public static byte[] Sign(PrivateKey key, in Hash256 hash)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> digest = stackalloc byte[32];
        hash.WriteTo(digest);
        return key.Sign(digest);
    }
}
