using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>A block of the index named by its hash and height.</summary>
public readonly record struct BlockRef(Hash256 Hash, int Height);
