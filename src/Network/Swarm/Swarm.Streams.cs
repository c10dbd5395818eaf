using RustyNode.Network.Identity;
using RustyNode.Network.Multistream;
using RustyNode.Network.Muxing;

namespace RustyNode.Network.Swarm;

public sealed partial class Swarm
{
    /// <inheritdoc />
    public async Task<ProtocolStream> OpenStreamAsync(PeerId peer, IReadOnlyList<string> protocols, CancellationToken cancellationToken)
    {
        var connections = GetConnections(peer);
        if (connections.Count == 0)
        {
            throw new SwarmException($"Not connected to {peer}.");
        }

        var connection = connections[0];

        // Negotiate at most a bounded number of our streams at once on a connection, so a burst
        // of our own requests stays within what the remote lets negotiate (CONN-1.4).
        await connection.OutboundNegotiations.WaitAsync(cancellationToken);
        IMuxedStream stream;
        try
        {
            stream = await connection.Muxer.OpenStreamAsync(cancellationToken);
        }
        catch
        {
            connection.OutboundNegotiations.Release();
            throw;
        }

        try
        {
            using var deadline = new CancellationTokenSource(_options.StreamNegotiationTimeout, TimeProvider);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token, deadline.Token);
            var protocol = await MultistreamSelect.SelectAsync(stream, protocols, _negotiation, null, timeout.Token);
            foreach (var limiter in _limiters)
            {
                limiter.RecordOutbound(peer, protocol);
            }

            return new ProtocolStream(connection, stream, protocol);
        }
        catch (NegotiationFailedException ex)
        {
            await stream.DisposeAsync();
            throw new SwarmException($"{peer} supports none of {string.Join(", ", protocols)}.", ex);
        }
        catch
        {
            stream.Reset();
            await stream.DisposeAsync();
            throw;
        }
        finally
        {
            connection.OutboundNegotiations.Release();
        }
    }

    private async Task AcceptStreamsAsync(Connection connection)
    {
        using var pending = new SemaphoreSlim(_options.MaxPendingStreamNegotiations);
        var handlers = new List<Task>();
        var refused = 0;
        try
        {
            while (true)
            {
                IMuxedStream stream;
                try
                {
                    stream = await connection.Muxer.AcceptStreamAsync(_shutdown.Token);
                }
                catch (MuxerClosedException)
                {
                    return;
                }

                // Each inbound stream is an unasked message, charged by the muxer as it came: a peer
                // that owes messages waits here before the next stream is accepted (PROT-2.3).
                if (!await WaitForStreamBudgetAsync(connection))
                {
                    // The connection ended (a ban, say) while the peer owed messages.
                    stream.Reset();
                    await stream.DisposeAsync();
                    return;
                }

                if (!pending.Wait(0))
                {
                    // The peer opens streams faster than it finishes negotiating them.
                    Log.StreamRefused(_logger, connection.RemotePeer, "too many streams negotiating");
                    stream.Reset();
                    await stream.DisposeAsync();
                    if (++refused > _options.MaxRefusedStreams)
                    {
                        throw new SwarmProtocolException(
                            $"{connection.RemotePeer} opened streams faster than it negotiated them ({refused} refused).");
                    }

                    continue;
                }

                handlers.RemoveAll(t => t.IsCompleted);
                handlers.Add(HandleInboundStreamAsync(connection, stream, pending));
            }
        }
        finally
        {
            await Task.WhenAll(handlers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Waits until the peer no longer owes messages; false if the connection ends first.</summary>
    private async Task<bool> WaitForStreamBudgetAsync(Connection connection)
    {
        foreach (var limiter in _limiters)
        {
            var wait = limiter.WaitForStreamBudgetAsync(connection.RemotePeer, _shutdown.Token);
            if (wait.IsCompletedSuccessfully)
            {
                continue;
            }

            var waiting = wait.AsTask();
            if (await Task.WhenAny(waiting, connection.Completion) != waiting)
            {
                return false;
            }

            await waiting;
        }

        return true;
    }

    private async Task HandleInboundStreamAsync(Connection connection, IMuxedStream stream, SemaphoreSlim pending)
    {
        string protocol;
        try
        {
            using var deadline = new CancellationTokenSource(_options.StreamNegotiationTimeout, TimeProvider);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token, deadline.Token);
            protocol = await MultistreamSelect.HandleAsync(stream, _handlers.ContainsKey, _negotiation, null, timeout.Token);
        }
        catch (Exception ex)
        {
            Log.StreamNegotiationFailed(_logger, connection.RemotePeer, ex.Message);
            if (ex is Libp2pProtocolException)
            {
                ReportPeer(connection.RemotePeer, SwarmScoreReasons.NegotiationFailed, SwarmScoreReasons.NegotiationFailedWeight);
            }

            stream.Reset();
            await stream.DisposeAsync();
            return;
        }
        finally
        {
            pending.Release();
        }

        var protocolStream = new ProtocolStream(connection, stream, protocol);
        try
        {
            foreach (var limiter in _limiters)
            {
                await limiter.AcquireAsync(connection.RemotePeer, protocol, _shutdown.Token);
            }

            await _handlers[protocol].HandleStreamAsync(protocolStream, _shutdown.Token);
        }
        catch (Exception ex) when (ex is Libp2pProtocolException or IOException or OperationCanceledException or InvalidOperationException)
        {
            Log.StreamHandlerFailed(_logger, connection.RemotePeer, protocol, ex.Message);
            if (ex is Libp2pProtocolException)
            {
                ReportPeer(connection.RemotePeer, SwarmScoreReasons.InvalidMessage, SwarmScoreReasons.InvalidMessageWeight);
            }

            stream.Reset();
        }
        finally
        {
            await protocolStream.DisposeAsync();
        }
    }
}
