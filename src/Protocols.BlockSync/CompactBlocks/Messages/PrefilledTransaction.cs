using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>A transaction a compact block carries whole, at its absolute position in the block (CB-2.2).</summary>
public sealed record PrefilledTransaction(int Index, Transaction Transaction);
