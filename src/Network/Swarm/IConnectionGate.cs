using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Swarm;

/// <summary>
/// A swarm-level component that may refuse connections (connection limits, bans). The swarm asks
/// every behaviour that implements it twice per connection: once before the upgrade, when only
/// the remote address is known (inbound only), and once after the Noise handshake, when the
/// remote peer is proven (both directions), before the muxer is negotiated.
/// </summary>
public interface IConnectionGate
{
    /// <summary>An inbound TCP connection arrived; nothing has been read from it yet.</summary>
    /// <returns>Null to let it through; otherwise why it is refused.</returns>
    string? CheckInbound(Multiaddr remoteAddress);

    /// <summary>The remote proved <paramref name="peer"/> in the handshake.</summary>
    /// <returns>Null to let it through; otherwise why it is refused.</returns>
    string? CheckSecured(PeerId peer, Multiaddr remoteAddress, ConnectionDirection direction);
}
