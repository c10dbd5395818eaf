namespace RustyNode.Consensus.Crypto;

/// <summary>
/// Checks that an input's unlocking script satisfies a pay-to-key-hash output (CHAIN-3.2 to CHAIN-3.4).
/// The encoding rules (script shape, hash type, strict DER, low S, key hash match) are checked here,
/// the same for both backends; only the curve arithmetic is delegated.
/// </summary>
public static class SignatureChecker
{
    /// <summary>Everything but the curve arithmetic: returns the reason, or None and the parts to verify.</summary>
    public static RejectReason CheckEncoding(ReadOnlySpan<byte> scriptSig, ReadOnlySpan<byte> spentScript, out ReadOnlySpan<byte> derSignature, out ReadOnlySpan<byte> publicKey)
    {
        derSignature = default;
        publicKey = default;
        if (!StandardScripts.TryGetKeyHash(spentScript, out var keyHash))
        {
            return RejectReason.UnsupportedScript;
        }

        if (!StandardScripts.TryParseUnlockingScript(scriptSig, out derSignature, out var hashType, out publicKey))
        {
            return RejectReason.NonCanonicalSignature;
        }

        Span<byte> r = stackalloc byte[32];
        Span<byte> s = stackalloc byte[32];
        if (hashType != StandardScripts.SigHashAll || !DerSignature.TryDecode(derSignature, r, s) || !IsLowS(s))
        {
            return RejectReason.NonCanonicalSignature;
        }

        return Primitives.Hashes.KeyHash(publicKey).AsSpan().SequenceEqual(keyHash) ? RejectReason.None : RejectReason.BadSignature;
    }

    /// <summary>Full check of one input: encoding, then the ECDSA verification with <paramref name="backend"/>.</summary>
    public static RejectReason Check(ISecp256k1 backend, ReadOnlySpan<byte> scriptSig, ReadOnlySpan<byte> spentScript, ReadOnlySpan<byte> digest32)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var reason = CheckEncoding(scriptSig, spentScript, out var der, out var publicKey);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        return backend.Verify(publicKey, der, digest32) ? RejectReason.None : RejectReason.BadSignature;
    }

    /// <summary>True when s is in [1, n/2] (a zero or high S is not canonical).</summary>
    public static bool IsLowS(ReadOnlySpan<byte> s32)
    {
        var s = Secp256k1Curve.FromBigEndian(s32);
        return !s.IsZero && s <= Secp256k1Curve.HalfN;
    }
}
