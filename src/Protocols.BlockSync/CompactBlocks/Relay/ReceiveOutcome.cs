using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>The decision of <see cref="CompactBlockReceiver"/>: an action and, when the peer broke a rule, a score reason.</summary>
public sealed record ReceiveOutcome(ReceiveAction Action, Hash256 BlockHash, Block? Block = null, GetBlockTxs? Request = null, string? ScoreReason = null)
{
    public static ReceiveOutcome None(Hash256 hash, string? scoreReason = null) => new(ReceiveAction.None, hash, ScoreReason: scoreReason);
}
