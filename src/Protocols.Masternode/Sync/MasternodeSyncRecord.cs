using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>One completed list sync from the network (the masternode_sync control command, MN-11.1).</summary>
/// <param name="Block">The block whose list was fetched.</param>
/// <param name="Height">Its height.</param>
/// <param name="Peer">The peer that served it (the last one, for a full list fetched from several).</param>
/// <param name="Bytes">Response bytes received, frames included (every chunk of a full list).</param>
/// <param name="Duration">From the first request to the verified list.</param>
/// <param name="At">When it completed.</param>
/// <param name="Entries">Entries in the resulting list.</param>
/// <param name="Root">Its root.</param>
/// <param name="Changes">For a diff: entries added, updated and ids removed; for a full list: the entries.</param>
public sealed record MasternodeSyncRecord(Hash256 Block, int Height, PeerId Peer, long Bytes, TimeSpan Duration, DateTimeOffset At, int Entries, Hash256 Root, int Changes);
