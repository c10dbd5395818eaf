using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>What compact block relay needs from the chain; <see cref="ChainServiceCompactChain"/> is the real one.</summary>
public interface ICompactChain
{
    /// <summary>Checks (and indexes, when valid) the header of a compact block (CB-5.1).</summary>
    HeaderVerdict CheckHeader(BlockHeader header);

    /// <summary>Every mempool transaction, as a snapshot.</summary>
    IReadOnlyList<Transaction> MempoolTransactions();

    /// <summary>A stored block, or null.</summary>
    Block? GetBlock(Hash256 hash);
}
