using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>A peer found stalling (BS-5.6): who, at which height, how many blocks were released, the new timeout.</summary>
internal sealed record StallReport(PeerId Peer, int Height, int Released, TimeSpan NewTimeout);
