using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>
/// How the masternode list changed from one active block to a later one (MNL-6.3), with the later
/// block's coinbase and merkle branch so the result can be checked against its header alone.
/// </summary>
/// <param name="BaseHash">The block whose list the diff starts from.</param>
/// <param name="TargetHash">The block whose list the diff leads to.</param>
/// <param name="TargetHeight">The target's height.</param>
/// <param name="Added">Entries in the target's list and not in the base's, ascending proTxHash.</param>
/// <param name="Updated">Entries in both whose bytes differ, as in the target, ascending proTxHash.</param>
/// <param name="Removed">Ids in the base's list and not in the target's, ascending.</param>
/// <param name="Coinbase">The target's coinbase.</param>
/// <param name="CoinbaseBranch">The coinbase's merkle branch to the target header's merkle root.</param>
public sealed record MasternodeDiffSnapshot(
    Hash256 BaseHash,
    Hash256 TargetHash,
    int TargetHeight,
    IReadOnlyList<MasternodeEntry> Added,
    IReadOnlyList<MasternodeEntry> Updated,
    IReadOnlyList<Hash256> Removed,
    Transaction Coinbase,
    IReadOnlyList<Hash256> CoinbaseBranch);
