using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>
/// How the list changed from a base block to a target block (MN-3.2): entries added, entries updated
/// (as in the target) and ids removed, each in ascending id order, with the target's coinbase and its
/// merkle branch so a node holding only headers can check the result (MN-3.3).
/// </summary>
/// <param name="BaseBlockHash">The block the diff starts from.</param>
/// <param name="TargetBlockHash">The block it leads to.</param>
/// <param name="Coinbase">The target's coinbase.</param>
/// <param name="CoinbaseBranch">The coinbase's merkle branch.</param>
/// <param name="Added">New entries.</param>
/// <param name="Updated">Changed entries, as they are in the target's list.</param>
/// <param name="Removed">Ids no longer listed.</param>
public sealed record MasternodeListSync(
    Hash256 BaseBlockHash,
    Hash256 TargetBlockHash,
    Transaction Coinbase,
    IReadOnlyList<Hash256> CoinbaseBranch,
    IReadOnlyList<MasternodeEntry> Added,
    IReadOnlyList<MasternodeEntry> Updated,
    IReadOnlyList<Hash256> Removed) : IMasternodeMessage
{
    public MasternodeMessageType Type => MasternodeMessageType.ListSync;
}
