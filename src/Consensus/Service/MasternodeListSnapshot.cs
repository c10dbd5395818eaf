using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>
/// The masternode list at an active block with what proves it to a node holding only headers: the
/// block's coinbase, whose payload is the commitment, and the coinbase's merkle branch (MNL-5.3).
/// </summary>
/// <param name="BlockHash">The block.</param>
/// <param name="Height">Its height.</param>
/// <param name="Entries">The list, ascending proTxHash.</param>
/// <param name="Coinbase">The block's coinbase.</param>
/// <param name="CoinbaseBranch">The coinbase's merkle branch to the header's merkle root.</param>
public sealed record MasternodeListSnapshot(Hash256 BlockHash, int Height, IReadOnlyList<MasternodeEntry> Entries, Transaction Coinbase, IReadOnlyList<Hash256> CoinbaseBranch);
