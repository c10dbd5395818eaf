using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>The sender's new tip (the last header) and up to 15 of its ancestors, each the parent of the next (BS-2.6).</summary>
public sealed record HeaderAnnouncement(IReadOnlyList<BlockHeader> Items) : BlockSyncMessage
{
    /// <inheritdoc />
    public override MessageCode Code => MessageCode.HeaderAnnouncement;
}
