using RustyNode.Network.Identity;
using RustyNode.Network.Multistream;
using RustyNode.Network.Muxing;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.RequestResponse;

public sealed partial class RequestResponseBehaviour<TRequest, TResponse>
{
    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="peer"/> on a new stream and waits for its
    /// response. When the peer already has the maximum of requests in flight, waits for a slot.
    /// </summary>
    /// <exception cref="RequestFailedException">No response; <see cref="RequestFailedException.Reason"/> says why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResponse> SendRequestAsync(PeerId peer, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var swarm = Swarm;
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, swarm.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var slots = GetSlots(peer);
        try
        {
            await slots.Outbound.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(peer, RequestFailure.Timeout, $"no outbound slot freed within {_options.RequestTimeout}", ex);
        }

        try
        {
            return await RunRequestAsync(swarm, peer, request, linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw Failure(peer, RequestFailure.Timeout, $"no response within {_options.RequestTimeout}", ex);
        }
        finally
        {
            slots.Outbound.Release();
        }
    }

    private async Task<TResponse> RunRequestAsync(ISwarmContext swarm, PeerId peer, TRequest request, CancellationToken cancellationToken)
    {
        var stream = await OpenAsync(swarm, peer, cancellationToken);
        await using (stream)
        {
            try
            {
                await _codec.WriteRequestAsync(stream.Protocol, stream.Output, request, cancellationToken);
            }
            catch (MessageTooLargeException ex)
            {
                stream.Stream.Reset();
                throw Failure(peer, RequestFailure.RequestTooLarge, ex.Message, ex);
            }
            catch (IOException ex)
            {
                throw Failure(peer, ClassifyLoss(stream, ex), ex.Message, ex);
            }

            await stream.Output.CompleteAsync();
            return await ReadResponseAsync(stream, cancellationToken);
        }
    }

    private async Task<ProtocolStream> OpenAsync(ISwarmContext swarm, PeerId peer, CancellationToken cancellationToken)
    {
        if (swarm.GetConnections(peer).Count == 0)
        {
            throw Failure(peer, RequestFailure.NotConnected, $"not connected to {peer}");
        }

        try
        {
            return await swarm.OpenStreamAsync(peer, _codec.Protocols, cancellationToken);
        }
        catch (SwarmException ex) when (ex.InnerException is NegotiationFailedException)
        {
            throw Failure(peer, RequestFailure.UnsupportedProtocol, ex.Message, ex);
        }
        catch (SwarmException ex)
        {
            // The only other reason OpenStreamAsync gives is a connection that vanished meanwhile.
            throw Failure(peer, RequestFailure.NotConnected, ex.Message, ex);
        }
        catch (MuxerClosedException ex)
        {
            throw Failure(peer, RequestFailure.ConnectionClosed, ex.Message, ex);
        }
        catch (IOException ex)
        {
            // A reset during negotiation: the peer accepted the protocol, then refused at once.
            var gone = swarm.GetConnections(peer).Count == 0 || SaysConnectionClosed(ex);
            throw Failure(peer, gone ? RequestFailure.ConnectionClosed : RequestFailure.Refused, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The swarm's own stream-negotiation timeout ran out before ours.
            throw Failure(peer, RequestFailure.Timeout, "the stream's protocol negotiation timed out", ex);
        }
    }

    private async Task<TResponse> ReadResponseAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        var peer = stream.Peer;
        try
        {
            return await _codec.ReadResponseAsync(stream.Protocol, stream.Input, cancellationToken);
        }
        catch (MessageTooLargeException ex)
        {
            stream.Stream.Reset();
            ReportViolation(peer, $"response of {stream.Protocol} too large: {ex.Message}");
            throw Failure(peer, RequestFailure.ResponseTooLarge, ex.Message, ex);
        }
        catch (RequestResponseProtocolException ex)
        {
            stream.Stream.Reset();
            ReportViolation(peer, $"malformed response of {stream.Protocol}: {ex.Message}");
            throw Failure(peer, RequestFailure.MalformedResponse, ex.Message, ex);
        }
        catch (EndOfStreamException ex)
        {
            throw Failure(peer, ClassifyLoss(stream, ex), "the peer closed the stream without a response", ex);
        }
        catch (IOException ex)
        {
            throw Failure(peer, ClassifyLoss(stream, ex), ex.Message, ex);
        }
    }

    /// <summary>
    /// Tells a refusal (the peer reset or closed our stream) from the loss of the whole connection.
    /// Both muxers abort a dead connection's streams before its Completion is set, with a reset
    /// whose reason is <see cref="StreamResetReason.ConnectionClosed"/>.
    /// </summary>
    private static RequestFailure ClassifyLoss(ProtocolStream stream, Exception error)
    {
        var connectionGone = stream.Connection.Completion.IsCompleted || SaysConnectionClosed(error);
        return connectionGone ? RequestFailure.ConnectionClosed : RequestFailure.Refused;
    }

    private static bool SaysConnectionClosed(Exception error) =>
        error is StreamResetException { Reason: StreamResetReason.ConnectionClosed };

    private RequestFailedException Failure(PeerId peer, RequestFailure reason, string detail, Exception? inner = null)
    {
        var protocol = _codec.Protocols[0];
        Log.RequestFailed(_logger, peer, protocol, reason, detail);
        return new RequestFailedException(peer, reason, $"Request of {protocol} to {peer} failed ({reason}): {detail}", inner);
    }
}
