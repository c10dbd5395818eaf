using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Applications;

/// <summary>A change in what we know of <paramref name="Peer"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Peer">The peer.</param>
/// <param name="Addresses">
/// Discovered: the new address. Connected: the connection's remote address. Disconnected: empty.
/// Updated: the peer's listen addresses as it now announces them.
/// </param>
public sealed record PeerEvent(PeerEventKind Kind, PeerId Peer, IReadOnlyList<Multiaddr> Addresses);
