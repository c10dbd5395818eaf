using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;

namespace RustyNode.Network.Transport.Tcp;

/// <summary>
/// The TCP transport (specs/network/08-tcp.md): listens on <c>/ip4|ip6/…/tcp/port</c> and dials
/// <c>/ip4|ip6|dns|dns4|dns6/…/tcp/port</c>, each optionally followed by <c>/p2p/…</c>, which the
/// transport ignores (checking the peer id is the security handshake's job).
/// </summary>
public sealed class TcpTransport : ITransport
{
    private readonly TcpTransportOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the transport.</summary>
    public TcpTransport(TcpTransportOptions? options = null, ILogger<TcpTransport>? logger = null)
    {
        _options = options ?? new TcpTransportOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>True when <paramref name="address"/> is a TCP address this transport can dial.</summary>
    public static bool CanDial(Multiaddr address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var c = address.Components;
        return (c.Count == 2 || (c.Count == 3 && c[2].Code == MultiaddrProtocol.P2p))
            && c[1].Code == MultiaddrProtocol.Tcp
            && c[0].Code is MultiaddrProtocol.Ip4 or MultiaddrProtocol.Ip6
                or MultiaddrProtocol.Dns or MultiaddrProtocol.Dns4 or MultiaddrProtocol.Dns6;
    }

    /// <summary>True when <paramref name="address"/> is an IP and TCP port this transport can bind.</summary>
    public static bool CanListen(Multiaddr address) =>
        CanDial(address) && address.Components[0].Code is MultiaddrProtocol.Ip4 or MultiaddrProtocol.Ip6;

    /// <inheritdoc />
    bool ITransport.CanDial(Multiaddr address) => CanDial(address);

    /// <inheritdoc />
    bool ITransport.CanListen(Multiaddr address) => CanListen(address);

    /// <inheritdoc />
    async Task<ITransportListener> ITransport.ListenAsync(Multiaddr address, CancellationToken ct) => await ListenAsync(address, ct);

    /// <inheritdoc />
    async Task<ITransportConnection> ITransport.DialAsync(Multiaddr address, CancellationToken ct) => await DialAsync(address, ct);

    /// <summary>Binds and listens. Port 0 picks a free port, reported by <see cref="TcpListenerHandle.ListenAddress"/>.</summary>
    /// <exception cref="ArgumentException">Not an ip4/ip6 + tcp address.</exception>
    /// <exception cref="IOException">Binding failed (for example, the port is in use).</exception>
    public Task<TcpListenerHandle> ListenAsync(Multiaddr address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        ct.ThrowIfCancellationRequested();
        if (!CanListen(address) || !address.TryGetIPEndPoint(out var endPoint))
        {
            throw new ArgumentException($"The TCP transport cannot listen on {address}.", nameof(address));
        }

        Socket? socket = null;
        try
        {
            socket = new Socket(endPoint!.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // /ip6/:: must not also take the IPv4 port: a node often listens on both.
                socket.DualMode = false;
            }

            socket.Bind(endPoint);
            socket.Listen(_options.ListenBacklog);
        }
        catch (SocketException ex)
        {
            socket?.Dispose();
            throw new IOException($"Cannot listen on {address}: {ex.SocketErrorCode}.", ex);
        }

        var bound = Multiaddr.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
        Log.TcpListening(_logger, bound);
        return Task.FromResult(new TcpListenerHandle(socket, bound, _options, _logger));
    }

    /// <summary>
    /// Connects to <paramref name="address"/>. DNS names are resolved (dns4: IPv4 only, dns6: IPv6
    /// only, dns: both) and each address is tried in turn, each within the connect timeout.
    /// </summary>
    /// <exception cref="ArgumentException">Not a TCP address (see <see cref="CanDial"/>).</exception>
    /// <exception cref="IOException">Refused, unreachable, or the name did not resolve.</exception>
    /// <exception cref="TimeoutException">No address answered within the connect timeout.</exception>
    public async Task<TcpConnection> DialAsync(Multiaddr address, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!CanDial(address))
        {
            throw new ArgumentException($"The TCP transport cannot dial {address}.", nameof(address));
        }

        var endPoints = await ResolveAsync(address, ct);
        Exception? last = null;
        foreach (var endPoint in endPoints)
        {
            try
            {
                var connection = await ConnectAsync(endPoint, ct);
                Log.TcpDialed(_logger, connection.RemoteAddress, connection.LocalAddress);
                return connection;
            }
            catch (Exception ex) when (ex is IOException or TimeoutException)
            {
                Log.TcpDialFailed(_logger, endPoint, ex);
                last = ex;
            }
        }

        throw last!;
    }

    private static async Task<IReadOnlyList<IPEndPoint>> ResolveAsync(Multiaddr address, CancellationToken ct)
    {
        if (address.TryGetIPEndPoint(out var direct))
        {
            return [direct!];
        }

        var host = address.Components[0];
        var port = BinaryPrimitives.ReadUInt16BigEndian(address.Components[1].Value.Span);
        var family = host.Code switch
        {
            MultiaddrProtocol.Dns4 => AddressFamily.InterNetwork,
            MultiaddrProtocol.Dns6 => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unspecified,
        };
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host.ValueText, family, ct);
        }
        catch (SocketException ex)
        {
            throw new IOException($"Cannot resolve {host.ValueText} for {address}: {ex.SocketErrorCode}.", ex);
        }

        var endPoints = addresses
            .Where(a => family == AddressFamily.Unspecified || a.AddressFamily == family)
            .Select(a => new IPEndPoint(a, port))
            .ToArray();
        return endPoints.Length > 0
            ? endPoints
            : throw new IOException($"{host.ValueText} has no {(family == AddressFamily.Unspecified ? "IP" : family.ToString())} address for {address}.");
    }

    private async Task<TcpConnection> ConnectAsync(IPEndPoint endPoint, CancellationToken ct)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, ct);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token);
            return TcpConnection.Start(socket, _options, _logger);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to {Multiaddr.FromIPEndPoint(endPoint)} timed out after {_options.ConnectTimeout}.");
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            var what = ex.SocketErrorCode == SocketError.ConnectionRefused ? "Connection refused by" : $"{ex.SocketErrorCode} connecting to";
            throw new IOException($"{what} {Multiaddr.FromIPEndPoint(endPoint)}.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
