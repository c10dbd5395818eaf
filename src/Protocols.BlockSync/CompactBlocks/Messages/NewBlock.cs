using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Announces a new tip to a low-bandwidth peer (CB-2.7, CB-4.3).</summary>
public sealed record NewBlock(BlockHeader Header) : CompactMessage
{
    public override CompactMessageCode Code => CompactMessageCode.NewBlock;
}
