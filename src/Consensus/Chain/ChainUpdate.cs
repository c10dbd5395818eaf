using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>How the active chain changed: blocks disconnected (tip first), then blocks connected (in order).</summary>
/// <param name="Disconnected">Blocks taken off the active chain, from the old tip downward.</param>
/// <param name="Connected">Blocks added to the active chain, lowest first.</param>
public sealed record ChainUpdate(IReadOnlyList<Block> Disconnected, IReadOnlyList<Block> Connected)
{
    /// <summary>No change.</summary>
    public static ChainUpdate None { get; } = new([], []);

    /// <summary>True when the active chain changed.</summary>
    public bool Changed => Disconnected.Count > 0 || Connected.Count > 0;
}
