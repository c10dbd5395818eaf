using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport;
using RustyNode.Network.Transport.Tcp;
using RustyNode.Network.Transport.WebSockets;

namespace RustyNode.Network.Swarm;

/// <summary>The transports the swarm dials and listens with, chosen per address (WS-5.1).</summary>
public sealed partial class Swarm
{
    private static ITransport[] CreateTransports(ILoggerFactory loggerFactory) =>
    [
        new TcpTransport(new TcpTransportOptions(), loggerFactory.CreateLogger<TcpTransport>()),
        new WebSocketTransport(new WebSocketTransportOptions(), loggerFactory.CreateLogger<WebSocketTransport>()),
    ];

    /// <summary>The first transport that can listen on (or dial) <paramref name="address"/>.</summary>
    /// <exception cref="SwarmException">No transport understands the address.</exception>
    private ITransport TransportFor(Multiaddr address, bool listen)
    {
        foreach (var transport in _transports)
        {
            if (listen ? transport.CanListen(address) : transport.CanDial(address))
            {
                return transport;
            }
        }

        throw new SwarmException(listen ? $"No transport can listen on {address}." : $"No transport can dial {address}.");
    }
}
