using RustyNode.Consensus;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.CompactBlocks;

/// <summary>
/// Every hostile-peer limit of compact block relay (specs/protocols/03-compact-blocks.md, CB),
/// checked before anything is allocated for the input it bounds.
/// </summary>
public static class CompactBlockLimits
{
    /// <summary>Bytes of a short id on the wire (CB-3.2).</summary>
    public const int ShortIdSize = 6;

    /// <summary>Most transactions a compact block, GetBlockTxs or BlockTxs may name (CB-2.2): the consensus bound.</summary>
    public const int MaxTransactions = ChainLimits.MaxBlockTransactions;

    /// <summary>Highest position a differential index may decode to (CB-3.3).</summary>
    public const int MaxIndex = MaxTransactions - 1;

    /// <summary>Largest transaction carried (prefilled or in BlockTxs): the consensus bound.</summary>
    public const int MaxTransactionSize = ChainLimits.MaxTransactionSize;

    /// <summary>Largest frame payload accepted or sent (CB-1.3).</summary>
    public const int MaxMessageSize = 3 * 1024 * 1024;

    /// <summary>Size of a message code (CB-1.2).</summary>
    public const int CodeSize = 1;

    /// <summary>Size of a block hash.</summary>
    public const int HashSize = Hash256.Size;

    /// <summary>The SendCompact version this node speaks (CB-2.1).</summary>
    public const ulong Version = 1;

    /// <summary>Peers asked for high-bandwidth relay at once (CB-4.4).</summary>
    public const int MaxHighBandwidthPeers = 3;

    /// <summary>
    /// Our messages to one peer awaiting its answer at once (CB-4.3), well under the concurrent
    /// requests a peer serves (REQ limits): past it, an announcement is dropped (block sync's own
    /// announcements still reach the peer).
    /// </summary>
    public const int MaxOutstandingSends = 8;

    /// <summary>Transactions held by the extra pool (CB-5.5).</summary>
    public const int MaxExtraTransactions = 100;

    /// <summary>Largest transaction the extra pool keeps (CB-5.5).</summary>
    public const int MaxExtraTransactionSize = 100_000;

    /// <summary>Bytes the extra pool holds at most (CB-5.5).</summary>
    public const int MaxExtraPoolBytes = 4 * 1024 * 1024;

    /// <summary>Compact blocks waiting for BlockTxs at once (CB-5.6).</summary>
    public const int MaxPartialBlocks = 16;

    /// <summary>Compact blocks from one peer waiting for BlockTxs at once (CB-5.6).</summary>
    public const int MaxPartialBlocksPerPeer = 2;
}
