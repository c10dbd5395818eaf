using RustyNode.Network.Addressing;

namespace RustyNode.Network.Transport;

/// <summary>
/// A way to reach peers: turns multiaddrs it understands into connected byte streams. The swarm
/// holds several and picks, per address, the first that claims it (specs/network/09-connections.md).
/// </summary>
public interface ITransport
{
    /// <summary>True when this transport can dial <paramref name="address"/> (a trailing <c>/p2p</c> is ignored).</summary>
    bool CanDial(Multiaddr address);

    /// <summary>True when this transport can listen on <paramref name="address"/>.</summary>
    bool CanListen(Multiaddr address);

    /// <summary>Binds and listens; port 0 picks a free port, which the listener reports.</summary>
    /// <exception cref="ArgumentException">An address <see cref="CanListen"/> refuses.</exception>
    /// <exception cref="IOException">Binding failed.</exception>
    Task<ITransportListener> ListenAsync(Multiaddr address, CancellationToken ct);

    /// <summary>Connects to <paramref name="address"/>.</summary>
    /// <exception cref="ArgumentException">An address <see cref="CanDial"/> refuses.</exception>
    /// <exception cref="IOException">Refused, unreachable, or the transport's own handshake failed.</exception>
    /// <exception cref="TimeoutException">No answer within the transport's connect timeout.</exception>
    Task<ITransportConnection> DialAsync(Multiaddr address, CancellationToken ct);
}
