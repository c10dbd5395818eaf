namespace RustyNode.Consensus.Crypto;

/// <summary>
/// The one spendable output template and its unlocking script (CHAIN-3.1, CHAIN-3.2). Scripts are
/// matched byte for byte against these templates; there is no script interpreter.
/// </summary>
public static class StandardScripts
{
    /// <summary>Length of a pay-to-key-hash script.</summary>
    public const int PayToKeyHashLength = 25;

    /// <summary>The only signature hash type: the signature covers all inputs and outputs.</summary>
    public const byte SigHashAll = 0x01;

    /// <summary>Length of a compressed public key.</summary>
    public const int PublicKeyLength = 33;

    /// <summary><c>OP_DUP OP_HASH160 0x14 keyHash OP_EQUALVERIFY OP_CHECKSIG</c>.</summary>
    public static byte[] PayToKeyHash(ReadOnlySpan<byte> keyHash20)
    {
        if (keyHash20.Length != 20)
        {
            throw new ArgumentException("A key hash is 20 bytes.", nameof(keyHash20));
        }

        var script = new byte[PayToKeyHashLength];
        script[0] = 0x76;
        script[1] = 0xa9;
        script[2] = 0x14;
        keyHash20.CopyTo(script.AsSpan(3));
        script[23] = 0x88;
        script[24] = 0xac;
        return script;
    }

    /// <summary>The pay-to-key-hash script of a compressed public key.</summary>
    public static byte[] PayToPublicKey(ReadOnlySpan<byte> compressedPublicKey) =>
        PayToKeyHash(Primitives.Hashes.KeyHash(compressedPublicKey));

    /// <summary>True when <paramref name="script"/> is a pay-to-key-hash script; returns the key hash.</summary>
    public static bool TryGetKeyHash(ReadOnlySpan<byte> script, out ReadOnlySpan<byte> keyHash)
    {
        keyHash = default;
        if (script.Length != PayToKeyHashLength || script[0] != 0x76 || script[1] != 0xa9 || script[2] != 0x14
            || script[23] != 0x88 || script[24] != 0xac)
        {
            return false;
        }

        keyHash = script.Slice(3, 20);
        return true;
    }

    /// <summary><c>len (DER signature || hashType) 0x21 publicKey</c>.</summary>
    public static byte[] UnlockingScript(ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> compressedPublicKey)
    {
        var script = new byte[1 + derSignature.Length + 1 + 1 + compressedPublicKey.Length];
        script[0] = (byte)(derSignature.Length + 1);
        derSignature.CopyTo(script.AsSpan(1));
        script[1 + derSignature.Length] = SigHashAll;
        script[2 + derSignature.Length] = PublicKeyLength;
        compressedPublicKey.CopyTo(script.AsSpan(3 + derSignature.Length));
        return script;
    }

    /// <summary>Splits an unlocking script into its DER signature, hash type and public key.</summary>
    public static bool TryParseUnlockingScript(ReadOnlySpan<byte> script, out ReadOnlySpan<byte> derSignature, out byte hashType, out ReadOnlySpan<byte> publicKey)
    {
        derSignature = default;
        publicKey = default;
        hashType = 0;
        if (script.Length < 1)
        {
            return false;
        }

        int pushLength = script[0];
        if (pushLength < DerSignature.MinLength + 1 || pushLength > DerSignature.MaxLength + 1
            || script.Length != 1 + pushLength + 1 + PublicKeyLength || script[1 + pushLength] != PublicKeyLength)
        {
            return false;
        }

        derSignature = script.Slice(1, pushLength - 1);
        hashType = script[pushLength];
        publicKey = script[(2 + pushLength)..];
        return true;
    }
}
