using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// A listening WebSocket endpoint. Accepting returns at once after the TCP accept: the opening
/// handshake runs in the connection (bounded by <see cref="WebSocketLimits.HandshakeTimeout"/>), so
/// one slow client never holds up the next accept.
/// </summary>
public sealed class WebSocketListener : ITransportListener
{
    private readonly TcpListenerHandle _tcp;
    private readonly WebSocketTransportOptions _options;
    private readonly ILogger _logger;

    internal WebSocketListener(TcpListenerHandle tcp, WebSocketTransportOptions options, ILogger logger)
    {
        _tcp = tcp;
        _options = options;
        _logger = logger;
        ListenAddress = tcp.ListenAddress.Encapsulate(WebSocketTransport.WsComponent);
    }

    /// <summary>The address actually bound, e.g. <c>/ip4/127.0.0.1/tcp/40211/ws</c>.</summary>
    public Multiaddr ListenAddress { get; }

    /// <summary>Waits for the next inbound TCP connection and starts its WebSocket handshake.</summary>
    /// <exception cref="ObjectDisposedException">The listener was disposed.</exception>
    /// <exception cref="IOException">Accepting failed; the listener remains usable.</exception>
    public async ValueTask<WebSocketConnection> AcceptAsync(CancellationToken ct)
    {
        var tcp = await _tcp.AcceptAsync(ct);
        return WebSocketConnection.StartServer(tcp, _options, _logger);
    }

    /// <inheritdoc />
    async ValueTask<ITransportConnection> ITransportListener.AcceptAsync(CancellationToken ct) => await AcceptAsync(ct);

    /// <summary>Stops listening; accepted connections live on. Safe to call twice.</summary>
    public ValueTask DisposeAsync() => _tcp.DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => ListenAddress.ToString();
}
