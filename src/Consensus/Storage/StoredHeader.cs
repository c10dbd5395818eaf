using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Storage;

/// <summary>A header row of the block index as loaded at start.</summary>
internal readonly record struct StoredHeader(BlockHeader Header, BlockStatus Status, long Sequence);
