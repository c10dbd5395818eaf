using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>The transactions a GetBlockTxs asked for, in the order asked (CB-2.6).</summary>
public sealed record BlockTxs(Hash256 BlockHash, IReadOnlyList<Transaction> Transactions) : CompactMessage
{
    public override CompactMessageCode Code => CompactMessageCode.BlockTxs;
}
