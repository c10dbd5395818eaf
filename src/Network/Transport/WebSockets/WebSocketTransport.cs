using System.Buffers.Binary;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// The WebSocket transport (specs/network/17-websocket.md): RFC 6455 over our TCP transport.
/// Listens on <c>/ip4|ip6/…/tcp/port/ws</c> and dials <c>/ip4|ip6|dns|dns4|dns6/…/tcp/port/ws</c>,
/// each optionally followed by <c>/p2p/…</c>. Names resolve as the TCP transport resolves them.
/// </summary>
public sealed class WebSocketTransport : ITransport
{
    private readonly TcpTransport _tcp;
    private readonly WebSocketTransportOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the transport.</summary>
    public WebSocketTransport(WebSocketTransportOptions? options = null, ILogger<WebSocketTransport>? logger = null)
    {
        _options = options ?? new WebSocketTransportOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _tcp = new TcpTransport(_options.Tcp);
    }

    /// <summary>The <c>/ws</c> component.</summary>
    internal static Multiaddr WsComponent { get; } = Multiaddr.Parse("/ws");

    /// <summary>True when <paramref name="address"/> is a TCP address followed by <c>/ws</c> (and optionally <c>/p2p</c>).</summary>
    public static bool CanDial(Multiaddr address) => ToTcp(address) is not null;

    /// <summary>True when <paramref name="address"/> is an IP and TCP port followed by <c>/ws</c>.</summary>
    public static bool CanListen(Multiaddr address) => ToTcp(address) is { } tcp && TcpTransport.CanListen(tcp);

    /// <inheritdoc />
    bool ITransport.CanDial(Multiaddr address) => CanDial(address);

    /// <inheritdoc />
    bool ITransport.CanListen(Multiaddr address) => CanListen(address);

    /// <summary>Binds and listens; the listener reports its address with <c>/ws</c>.</summary>
    /// <exception cref="ArgumentException">Not an ip4/ip6 + tcp + ws address.</exception>
    /// <exception cref="IOException">Binding failed.</exception>
    public async Task<WebSocketListener> ListenAsync(Multiaddr address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!CanListen(address))
        {
            throw new ArgumentException($"The WebSocket transport cannot listen on {address}.", nameof(address));
        }

        var tcp = await _tcp.ListenAsync(ToTcp(address)!, ct);
        var listener = new WebSocketListener(tcp, _options, _logger);
        Log.WebSocketListening(_logger, listener.ListenAddress);
        return listener;
    }

    /// <summary>Connects over TCP, then runs the opening handshake within <see cref="WebSocketLimits.HandshakeTimeout"/>.</summary>
    /// <exception cref="ArgumentException">Not a WebSocket address.</exception>
    /// <exception cref="IOException">The TCP dial failed or the connection closed during the handshake.</exception>
    /// <exception cref="WebSocketHandshakeException">The server refused or answered wrongly.</exception>
    /// <exception cref="TimeoutException">The TCP connect or the handshake timed out.</exception>
    public async Task<WebSocketConnection> DialAsync(Multiaddr address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        var tcpAddress = ToTcp(address) ?? throw new ArgumentException($"The WebSocket transport cannot dial {address}.", nameof(address));
        var tcp = await _tcp.DialAsync(tcpAddress, ct);
        using var deadline = new CancellationTokenSource(WebSocketLimits.HandshakeTimeout, _options.TimeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, ct);
        try
        {
            await WebSocketHandshake.ConnectAsync(tcp, HostHeader(tcpAddress), _options.Path, timeout.Token);
        }
        catch (Exception ex)
        {
            await tcp.DisposeAsync();
            Log.WebSocketHandshakeFailed(_logger, address, ex.Message);
            if (ex is OperationCanceledException && deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new TimeoutException($"The WebSocket handshake with {address} took longer than {WebSocketLimits.HandshakeTimeout.TotalSeconds:0} s.", ex);
            }

            throw;
        }

        var connection = WebSocketConnection.StartClient(tcp, _options, _logger);
        Log.WebSocketDialed(_logger, connection.RemoteAddress);
        return connection;
    }

    /// <inheritdoc />
    async Task<ITransportListener> ITransport.ListenAsync(Multiaddr address, CancellationToken ct) => await ListenAsync(address, ct);

    /// <inheritdoc />
    async Task<ITransportConnection> ITransport.DialAsync(Multiaddr address, CancellationToken ct) => await DialAsync(address, ct);

    /// <summary>The TCP part of a WebSocket address (without <c>/ws</c> and <c>/p2p</c>); null when it is not one.</summary>
    private static Multiaddr? ToTcp(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var c = address.Components;
        var count = c.Count > 0 && c[^1].Code == MultiaddrProtocol.P2p ? c.Count - 1 : c.Count;
        if (count != 3 || c[2].Code != MultiaddrProtocol.Ws)
        {
            return null;
        }

        var tcp = address.Decapsulate(MultiaddrProtocol.Ws);
        return TcpTransport.CanDial(tcp) ? tcp : null;
    }

    /// <summary>The Host header: the name or address and the port, as a URL authority.</summary>
    private static string HostHeader(Multiaddr tcpAddress)
    {
        var host = tcpAddress.Components[0];
        var port = BinaryPrimitives.ReadUInt16BigEndian(tcpAddress.Components[1].Value.Span);
        var name = host.Code == MultiaddrProtocol.Ip6 ? $"[{new IPAddress(host.Value.Span)}]" : host.ValueText;
        return $"{name}:{port}";
    }
}
