using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;

namespace RustyNode.Network.Transport.Tcp;

/// <summary>A bound, listening TCP socket. Dispose it to stop listening.</summary>
public sealed class TcpListenerHandle : ITransportListener
{
    private readonly Socket _socket;
    private readonly TcpTransportOptions _options;
    private readonly ILogger _logger;
    private int _disposed;

    internal TcpListenerHandle(Socket socket, Multiaddr listenAddress, TcpTransportOptions options, ILogger logger)
    {
        _socket = socket;
        _options = options;
        _logger = logger;
        ListenAddress = listenAddress;
    }

    /// <summary>The address actually bound; a requested port 0 is replaced by the chosen port.</summary>
    public Multiaddr ListenAddress { get; }

    /// <summary>Waits for the next inbound connection.</summary>
    /// <exception cref="ObjectDisposedException">The listener was disposed (also ends a pending accept).</exception>
    /// <exception cref="IOException">Accepting failed (for example, too many open files); the listener remains usable.</exception>
    public async ValueTask<TcpConnection> AcceptAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        Socket socket;
        try
        {
            socket = await _socket.AcceptAsync(ct);
        }
        catch (Exception ex) when (_disposed != 0 && ex is SocketException or ObjectDisposedException)
        {
            throw new ObjectDisposedException($"The TCP listener on {ListenAddress} was disposed.", ex);
        }
        catch (SocketException ex)
        {
            Log.TcpAcceptFailed(_logger, ListenAddress, ex);
            throw new IOException($"Accepting on {ListenAddress} failed: {ex.SocketErrorCode}.", ex);
        }

        try
        {
            var connection = TcpConnection.Start(socket, _options, _logger);
            Log.TcpAccepted(_logger, connection.RemoteAddress, connection.LocalAddress);
            return connection;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The peer went away between accept and setup.
            socket.Dispose();
            throw new IOException($"An accepted connection on {ListenAddress} closed during setup.", ex);
        }
    }

    /// <inheritdoc />
    async ValueTask<ITransportConnection> ITransportListener.AcceptAsync(CancellationToken ct) => await AcceptAsync(ct);

    /// <summary>Stops listening; connections already accepted are not affected. Safe to call twice.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _socket.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => ListenAddress.ToString();
}
