using System.IO.Pipelines;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.RequestResponse;

public sealed partial class RequestResponseBehaviour<TRequest, TResponse>
{
    /// <inheritdoc />
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var handler = _handler ?? throw new InvalidOperationException("This behaviour serves no protocol.");
        var peer = stream.Peer;
        var slots = GetSlots(peer);
        if (!slots.TryEnterInbound())
        {
            Log.InboundRequestRefused(_logger, peer, stream.Protocol, "too many concurrent requests");
            _reporter?.Report(peer, $"more than {_options.MaxConcurrentInboundPerPeer} concurrent requests of {stream.Protocol}", PeerReportWeights.ExcessRequest);
            stream.Stream.Reset();
            return;
        }

        try
        {
            if (_reporter?.AllowInbound(peer, stream.Protocol) == false)
            {
                Log.InboundRequestRefused(_logger, peer, stream.Protocol, "refused by peer protection");
                stream.Stream.Reset();
                return;
            }

            using var timeout = new CancellationTokenSource(_options.InboundTimeout, Swarm.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await ServeAsync(stream, handler, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Log.InboundRequestTimedOut(_logger, peer, stream.Protocol);
                stream.Stream.Reset();
            }
        }
        finally
        {
            slots.ExitInbound();
        }
    }

    private async Task ServeAsync(ProtocolStream stream, Func<Identity.PeerId, TRequest, CancellationToken, ValueTask<TResponse>> handler, CancellationToken cancellationToken)
    {
        var peer = stream.Peer;
        TRequest request;
        try
        {
            request = await _codec.ReadRequestAsync(stream.Protocol, stream.Input, cancellationToken);
            await ExpectEndAsync(stream.Input, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            // The peer opened the stream and closed it without asking anything: nothing to answer.
            return;
        }
        catch (RequestResponseProtocolException ex)
        {
            Log.InboundRequestMalformed(_logger, peer, stream.Protocol, ex.Message);
            ReportViolation(peer, $"bad request of {stream.Protocol}: {ex.Message}");
            stream.Stream.Reset();
            return;
        }

        TResponse response;
        try
        {
            response = await handler(peer, request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The application's handler refused or failed: the requester sees a reset (RR-1.4).
            Log.RequestHandlerFailed(_logger, peer, stream.Protocol, ex);
            stream.Stream.Reset();
            return;
        }

        try
        {
            await _codec.WriteResponseAsync(stream.Protocol, stream.Output, response, cancellationToken);
        }
        catch (MessageTooLargeException ex)
        {
            Log.RequestHandlerFailed(_logger, peer, stream.Protocol, ex);
            stream.Stream.Reset();
            return;
        }

        await stream.Output.CompleteAsync();
    }

    /// <summary>After the request the requester must half-close (RR-1.2); any further byte is a violation.</summary>
    private static async ValueTask ExpectEndAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var length = result.Buffer.Length;
            input.AdvanceTo(result.Buffer.End);
            if (length > 0)
            {
                throw new RequestResponseProtocolException($"{length} bytes followed the request instead of the end of the stream.");
            }

            if (result.IsCompleted)
            {
                return;
            }
        }
    }
}
