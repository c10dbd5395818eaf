using RustyNode.Consensus.Chain;

namespace RustyNode.Consensus.Service;

/// <summary>Raised after the active chain changed (outside the service's lock).</summary>
public sealed class ChainUpdatedEventArgs(ChainUpdate update, int height, Primitives.Hash256 tip) : EventArgs
{
    public ChainUpdate Update { get; } = update;

    public int Height { get; } = height;

    public Primitives.Hash256 Tip { get; } = tip;
}
