namespace RustyNode.Consensus.Crypto;

/// <summary>
/// One implementation of secp256k1 ECDSA. Both implementations (<see cref="NativeSecp256k1"/> over
/// libsecp256k1 and <see cref="ManagedSecp256k1"/> over NBitcoin.Secp256k1) give the same answer for every input:
/// <see cref="SignatureChecker"/> does the strict-DER and low-S checks before either is asked.
/// Implementations are safe for concurrent use.
/// </summary>
public interface ISecp256k1
{
    /// <summary>"libsecp256k1" or "managed".</summary>
    string Name { get; }

    /// <summary>True when <paramref name="compressedPublicKey"/> is a 33-byte compressed point on the curve.</summary>
    bool IsValidPublicKey(ReadOnlySpan<byte> compressedPublicKey);

    /// <summary>
    /// Verifies a strict-DER, low-S signature (without hash type byte) over a 32-byte hash.
    /// False for an invalid key or a signature that does not verify.
    /// </summary>
    bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> hash32);

    /// <summary>Signs a 32-byte hash; returns a strict-DER, low-S signature.</summary>
    byte[] Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32);

    /// <summary>The 33-byte compressed public key of a private key.</summary>
    byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32);
}
