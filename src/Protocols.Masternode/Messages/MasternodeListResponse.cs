using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>
/// One chunk of the masternode list at a block (MN-2.2): entries [i·E, (i+1)·E) of the list in
/// ascending proTxHash order, with the block's coinbase and its merkle branch so that every chunk can
/// be checked against the header alone (MNL-5.3).
/// </summary>
/// <param name="BlockHash">The block.</param>
/// <param name="ChunkIndex">This chunk's index.</param>
/// <param name="ChunkCount">Chunks of the list: max(1, ⌈total / E⌉).</param>
/// <param name="TotalEntries">Entries in the whole list.</param>
/// <param name="Coinbase">The block's coinbase (its payload is the commitment).</param>
/// <param name="CoinbaseBranch">The coinbase's merkle branch.</param>
/// <param name="Entries">This chunk's entries.</param>
public sealed record MasternodeListResponse(
    Hash256 BlockHash,
    uint ChunkIndex,
    uint ChunkCount,
    uint TotalEntries,
    Transaction Coinbase,
    IReadOnlyList<Hash256> CoinbaseBranch,
    IReadOnlyList<MasternodeEntry> Entries) : IMasternodeMessage
{
    public MasternodeMessageType Type => MasternodeMessageType.ListResponse;
}
