using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>One step of a list update: the entry of <paramref name="ProTxHash"/> before and after (null = absent).</summary>
/// <param name="ProTxHash">The masternode changed.</param>
/// <param name="Before">Its entry before the step; null when the step added it.</param>
/// <param name="After">Its entry after the step; null when the step removed it.</param>
public readonly record struct MasternodeChange(Hash256 ProTxHash, MasternodeEntry? Before, MasternodeEntry? After);
