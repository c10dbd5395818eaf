namespace RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

/// <summary>Where rebuilding a compact block stands (CB-5).</summary>
public enum ReconstructionStatus
{
    /// <summary>Every transaction is in place and the merkle root matches.</summary>
    Complete,

    /// <summary>Some positions are empty: one GetBlockTxs for <see cref="PartialBlock.MissingIndexes"/> (CB-5.3).</summary>
    NeedTransactions,

    /// <summary>Equal short ids, or one short id matched by two transactions, or a merkle mismatch: fetch the full block, score no one (CB-5.2, CB-5.4).</summary>
    FallBackToFullBlock,

    /// <summary>The peer broke a rule (bad indexes, wrong BlockTxs): score it (CB-6).</summary>
    Invalid,
}
