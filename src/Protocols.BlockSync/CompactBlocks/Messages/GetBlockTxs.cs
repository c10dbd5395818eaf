using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Asks for a block's transactions at the given absolute, strictly increasing positions (CB-2.5).</summary>
public sealed record GetBlockTxs(Hash256 BlockHash, IReadOnlyList<int> Indexes) : CompactMessage
{
    public override CompactMessageCode Code => CompactMessageCode.GetBlockTxs;
}
