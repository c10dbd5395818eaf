using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>The answer to <see cref="GetHeaders"/>: at most 2,000 headers, each the parent of the next (BS-2.2).</summary>
public sealed record Headers(IReadOnlyList<BlockHeader> Items) : BlockSyncMessage
{
    /// <inheritdoc />
    public override MessageCode Code => MessageCode.Headers;
}
