using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Asks for the compact form of a block (CB-2.4).</summary>
public sealed record GetCompactBlock(Hash256 BlockHash) : CompactMessage
{
    public override CompactMessageCode Code => CompactMessageCode.GetCompactBlock;
}
