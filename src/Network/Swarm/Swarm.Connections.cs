using System.IO.Pipelines;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Transport;

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

        using var deadline = new CancellationTokenSource(_options.UpgradeTimeout, TimeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token, deadline.Token);
        ITransportConnection? tcp = null;
        try
        {
            tcp = await TransportFor(address, listen: false).DialAsync(address.WithoutP2p(), timeout.Token);
            var upgraded = await _upgrader.UpgradeOutboundAsync(
                tcp, expected, (peer, secured) => Admit(peer, tcp.RemoteAddress, ConnectionDirection.Outbound, secured), timeout.Token);
            return Register(tcp, upgraded, ConnectionDirection.Outbound);
        }
        catch (Exception ex)
        {
            if (tcp is not null)
            {
                await tcp.DisposeAsync();
            }

            if (ex is SwarmException)
            {
                Log.DialFailed(_logger, address, ex.Message);
                throw;
            }

            var reason = ex is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"timed out after {_options.UpgradeTimeout.TotalSeconds:0.#} s"
                : ex.Message;
            Log.DialFailed(_logger, address, reason);
            throw new SwarmException($"Dial to {address} failed: {reason}", ex);
        }
    }

    private async Task AcceptLoopAsync(ITransportListener listener)
    {
        var ct = _shutdown.Token;
        while (!ct.IsCancellationRequested)
        {
            ITransportConnection tcp;
            try
            {
                tcp = await listener.AcceptAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var refusal = _pendingInbound.Wait(0) ? CheckInboundGates(tcp.RemoteAddress) : "too many pending handshakes";
            if (refusal is not null)
            {
                Log.InboundRefused(_logger, tcp.RemoteAddress, refusal);
                Publish(new InboundFailure(tcp.RemoteAddress, null, refusal));
                await tcp.DisposeAsync();
                continue;
            }

            TrackLoop(UpgradeInboundAsync(tcp));
        }
    }

    private async Task UpgradeInboundAsync(ITransportConnection tcp)
    {
        InboundFailure? failure = null;
        try
        {
            using var deadline = new CancellationTokenSource(_options.UpgradeTimeout, TimeProvider);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, deadline.Token);
            var upgraded = await _upgrader.UpgradeInboundAsync(
                tcp, (peer, secured) => Admit(peer, tcp.RemoteAddress, ConnectionDirection.Inbound, secured), timeout.Token);
            Register(tcp, upgraded, ConnectionDirection.Inbound);
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException ? "handshake timed out" : ex.Message;
            Log.InboundUpgradeFailed(_logger, tcp.RemoteAddress, reason);
            failure = new InboundFailure(tcp.RemoteAddress, null, reason);
            await tcp.DisposeAsync();
        }
        finally
        {
            if (_disposed == 0)
            {
                _pendingInbound.Release();
            }
        }

        // Published once the handshake's slot is free again: whoever sees a failed handshake may dial
        // at once and find the slot. (Published before it, an immediate dial could still be refused as
        // one of "too many pending handshakes"; a CI run failed so.)
        if (failure is not null)
        {
            Publish(failure);
        }
    }

    private string? CheckInboundGates(Multiaddr remoteAddress)
    {
        foreach (var gate in _gates)
        {
            if (gate.CheckInbound(remoteAddress) is { } reason)
            {
                _pendingInbound.Release();
                return reason;
            }
        }

        return null;
    }

    /// <summary>
    /// The peer gate after the handshake, then the traffic limiters around the secured channel; the
    /// first limiter's budget and the first resource manager's scope go to the muxer.
    /// </summary>
    private AdmittedChannel Admit(PeerId peer, Multiaddr remoteAddress, ConnectionDirection direction, IDuplexPipe secured)
    {
        foreach (var gate in _gates)
        {
            if (gate.CheckSecured(peer, remoteAddress, direction) is { } reason)
            {
                throw new SwarmException($"{peer} at {remoteAddress} refused: {reason}");
            }
        }

        foreach (var limiter in _limiters)
        {
            secured = limiter.Wrap(peer, secured);
        }

        var budget = _limiters.Length > 0 ? _limiters[0].InboundBudget(peer) : null;
        var memory = _resources.Length > 0 ? _resources[0].OpenConnection(peer) : null;
        return new AdmittedChannel(secured, new MuxerResources(budget, memory));
    }

    private Connection Register(ITransportConnection tcp, UpgradedConnection upgraded, ConnectionDirection direction)
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
            if (ex is Libp2pProtocolException)
            {
                ReportPeer(connection.RemotePeer, SwarmScoreReasons.ProtocolViolation, SwarmScoreReasons.ProtocolViolationWeight);
            }
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            await connection.DisposeAsync();
            if (connection.Memory is { } memory)
            {
                _resources[0].CloseConnection(memory);
            }

            Log.ConnectionClosed(_logger, connection.RemotePeer, connection.RemoteAddress);
            Publish(new PeerDisconnected(connection.RemotePeer, connection.RemoteAddress, connection.Direction, connection.Id, reason));
            foreach (var behaviour in _behaviours)
            {
                behaviour.OnConnectionClosed(connection);
            }
        }
    }
}
