using RustyNode.Consensus;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>Something the sync manager's loop handles, one at a time.</summary>
internal abstract record SyncEvent;

/// <summary>The first connection to a peer is up.</summary>
internal sealed record PeerUp(PeerId Peer) : SyncEvent;

/// <summary>The last connection to a peer ended.</summary>
internal sealed record PeerDown(PeerId Peer) : SyncEvent;

/// <summary>A peer announced headers; <paramref name="Done"/> completes once they are taken in.</summary>
internal sealed record AnnouncementIn(PeerId Peer, HeaderAnnouncement Announcement, TaskCompletionSource Done) : SyncEvent;

/// <summary>A GetHeaders of session <paramref name="Session"/> ended: a response, or a failure.</summary>
internal sealed record HeadersIn(long Session, PeerId Peer, BlockSyncMessage? Response, string? Failure) : SyncEvent;

/// <summary>
/// A block request ended: its blocks parsed and checked, or a failure; <paramref name="Penalty"/>
/// names a BS-7.1 reason found before the blocks were looked at (oversized, malformed).
/// </summary>
internal sealed record BlocksIn(BlockRequestPlan Plan, IReadOnlyList<ReceivedBlock>? Blocks, string? Failure, string? Penalty = null) : SyncEvent;

/// <summary>An announcement to a peer ended.</summary>
internal sealed record AnnounceDone(PeerId Peer, Consensus.Primitives.Hash256 Tip, bool Delivered, bool Unsupported) : SyncEvent;

/// <summary>The connector finished a run: each block with its result, in order; null for blocks after a failure, not tried.</summary>
internal sealed record ConnectDone(IReadOnlyList<(BufferedBlock Block, ValidationResult? Result)> Results) : SyncEvent;

/// <summary>The clock ticked (stalls, due announcements, progress).</summary>
internal sealed record Tick : SyncEvent
{
    public static Tick Instance { get; } = new();
}

/// <summary>The active chain changed (our own connects, or a block from elsewhere).</summary>
internal sealed record ChainChanged : SyncEvent
{
    public static ChainChanged Instance { get; } = new();
}
