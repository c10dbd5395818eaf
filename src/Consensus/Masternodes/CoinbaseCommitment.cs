using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// The payload of a coinbase once masternodes are active, type 5 (MNL-5.1): the number of entries
/// and the merkle root of the masternode list after the block's transactions.
/// </summary>
/// <param name="Version">Payload version, 1.</param>
/// <param name="Count">Entries in the list.</param>
/// <param name="Root">The list's merkle root (MNL-4.2).</param>
public sealed record CoinbaseCommitment(ushort Version, uint Count, Hash256 Root)
{
    /// <summary>Serialized size: version 2, count 4, root 32.</summary>
    public const int Size = 38;

    /// <summary>The commitment of an empty list.</summary>
    public static CoinbaseCommitment Empty { get; } = new(MasternodeRuleLimits.PayloadVersion, 0, Hash256.Zero);
}
