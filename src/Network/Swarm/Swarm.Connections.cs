using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Swarm;

public sealed partial class Swarm
{
    /// <inheritdoc />
    public async Task<Connection> DialAsync(Multiaddr address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        PeerId? expected = null;
        if (address.TryGetPeerIdBytes(out var peerBytes))
        {
            expected = PeerId.FromBytes(peerBytes);
            if (expected == LocalPeerId)
            {
                throw new SwarmException("Refusing to dial our own peer id.");
            }

            var existing = GetConnections(expected);
            if (existing.Count > 0)
            {
                return existing[0];
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        timeout.CancelAfter(_options.UpgradeTimeout);
        TcpConnection? tcp = null;
        try
        {
            tcp = await _transport.DialAsync(address.WithoutP2p(), timeout.Token);
            var upgraded = await _upgrader.UpgradeOutboundAsync(tcp, expected, timeout.Token);
            return Register(tcp, upgraded, ConnectionDirection.Outbound);
        }
        catch (Exception ex) when (ex is not SwarmException)
        {
            if (tcp is not null)
            {
                await tcp.DisposeAsync();
            }

            var reason = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"timed out after {_options.UpgradeTimeout.TotalSeconds:0.#} s"
                : ex.Message;
            Log.DialFailed(_logger, address, reason);
            throw new SwarmException($"Dial to {address} failed: {reason}", ex);
        }
    }

    private async Task AcceptLoopAsync(TcpListenerHandle listener)
    {
        var ct = _shutdown.Token;
        while (!ct.IsCancellationRequested)
        {
            TcpConnection tcp;
            try
            {
                tcp = await listener.AcceptAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (!_pendingInbound.Wait(0))
            {
                Log.InboundRefused(_logger, tcp.RemoteAddress, "too many pending handshakes");
                await tcp.DisposeAsync();
                continue;
            }

            TrackLoop(UpgradeInboundAsync(tcp));
        }
    }

    private async Task UpgradeInboundAsync(TcpConnection tcp)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            timeout.CancelAfter(_options.UpgradeTimeout);
            var upgraded = await _upgrader.UpgradeInboundAsync(tcp, timeout.Token);
            Register(tcp, upgraded, ConnectionDirection.Inbound);
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException ? "handshake timed out" : ex.Message;
            Log.InboundUpgradeFailed(_logger, tcp.RemoteAddress, reason);
            Publish(new InboundFailure(tcp.RemoteAddress, null, reason));
            await tcp.DisposeAsync();
        }
        finally
        {
            if (_disposed == 0)
            {
                _pendingInbound.Release();
            }
        }
    }

    private Connection Register(TcpConnection tcp, UpgradedConnection upgraded, ConnectionDirection direction)
    {
        var id = Interlocked.Increment(ref _nextConnectionId);
        var connection = new Connection(
            id, direction, tcp.LocalAddress, tcp.RemoteAddress, tcp, upgraded.Secure, upgraded.Muxer, upgraded.MuxerProtocol, TimeProvider.GetUtcNow(), _options.MaxOutboundStreamNegotiations);
        _connections[id] = connection;
        Log.ConnectionEstablished(_logger, connection.RemotePeer, connection.RemoteAddress, direction, upgraded.MuxerProtocol);
        Publish(new PeerConnected(connection.RemotePeer, connection.RemoteAddress, direction, id));
        foreach (var behaviour in _behaviours)
        {
            behaviour.OnConnectionEstablished(connection);
        }

        TrackLoop(RunConnectionAsync(connection));
        return connection;
    }

    private async Task RunConnectionAsync(Connection connection)
    {
        string? reason = null;
        try
        {
            await AcceptStreamsAsync(connection);
            await connection.Completion;
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            // We are shutting down: a clean close, not a failure.
        }
        catch (Exception ex) when (ex is Libp2pProtocolException or IOException or MuxerClosedException or OperationCanceledException)
        {
            reason = ex.Message;
            Log.ConnectionFailed(_logger, connection.RemotePeer, connection.RemoteAddress, reason);
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            await connection.DisposeAsync();
            Log.ConnectionClosed(_logger, connection.RemotePeer, connection.RemoteAddress);
            Publish(new PeerDisconnected(connection.RemotePeer, connection.RemoteAddress, connection.Direction, connection.Id, reason));
            foreach (var behaviour in _behaviours)
            {
                behaviour.OnConnectionClosed(connection);
            }
        }
    }
}
