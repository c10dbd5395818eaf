namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// Sizes and ranges of the masternode chain rules (specs/chain/02-masternodes.md, MNL-2 and MNL-3).
/// Readers compare every length taken from input with these before allocating.
/// </summary>
public static class MasternodeRuleLimits
{
    /// <summary>The only payload version defined (MNL-2.1).</summary>
    public const ushort PayloadVersion = 1;

    /// <summary>Length of a compressed secp256k1 public key (owner and operator keys).</summary>
    public const int KeySize = 33;

    /// <summary>Largest service address: <c>/ip6/A/tcp/P</c> in binary form is 20 bytes (MNL-2.4).</summary>
    public const int MaxServiceSize = 20;

    /// <summary>Largest payout script a reader accepts; the rules require pay-to-key-hash (25 bytes).</summary>
    public const int MaxPayoutScriptSize = 34;

    /// <summary>Largest payload signature: a strict-DER ECDSA signature.</summary>
    public const int MaxSignatureSize = 72;

    /// <summary>Largest external collateral proof: a 33-byte key and a DER signature (MNL-2.3).</summary>
    public const int MaxCollateralProofSize = KeySize + MaxSignatureSize;

    /// <summary>Highest revocation reason (0 unspecified, 1 termination, 2 compromised keys, 3 change of keys).</summary>
    public const ushort MaxRevocationReason = 3;

    /// <summary>Largest serialized masternode entry (MNL-4.1).</summary>
    public const int MaxEntrySize = 32 + 36 + KeySize + KeySize + 1 + MaxServiceSize + 1 + MaxPayoutScriptSize + 4 + 2;
}
