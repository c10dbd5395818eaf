using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>
/// A block as its header, a nonce, the 48-bit short ids of the transactions left out (in block
/// order) and the prefilled transactions with absolute, increasing positions (CB-2.2).
/// </summary>
public sealed record CompactBlock(BlockHeader Header, ulong Nonce, IReadOnlyList<ulong> ShortIds, IReadOnlyList<PrefilledTransaction> Prefilled) : CompactMessage
{
    public override CompactMessageCode Code => CompactMessageCode.CompactBlock;

    /// <summary>Transactions in the block: short ids plus prefilled.</summary>
    public int TransactionCount => ShortIds.Count + Prefilled.Count;
}
