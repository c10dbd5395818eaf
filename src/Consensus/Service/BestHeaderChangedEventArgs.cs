using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>Raised after the best header changed (outside the service's lock).</summary>
/// <param name="hash">The new best header.</param>
/// <param name="height">Its height.</param>
/// <param name="hasBlock">True when its block was stored when it became the best header (a mined or received block, not a header alone).</param>
public sealed class BestHeaderChangedEventArgs(Hash256 hash, int height, bool hasBlock) : EventArgs
{
    public Hash256 Hash { get; } = hash;

    public int Height { get; } = height;

    public bool HasBlock { get; } = hasBlock;
}
