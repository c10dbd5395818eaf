using RustyNode.Network.Identity;

namespace RustyNode.Network.Protection;

/// <summary>A ban: the peer's connections are refused until <paramref name="Until"/> (PROT-4).</summary>
public sealed record PeerBan(PeerId Peer, DateTimeOffset Until, string Reason);
