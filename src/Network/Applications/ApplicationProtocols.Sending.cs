using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Applications;

public sealed partial class ApplicationProtocols
{
    /// <summary>
    /// Sends one message to <paramref name="peer"/> on a new stream of <paramref name="protocolId"/>,
    /// then half-closes it (APP-2.2). Completes when the receiver has closed the stream in turn,
    /// which the default handler does after handling the message: the message was delivered.
    /// </summary>
    /// <exception cref="RequestFailedException">
    /// Not connected, the peer lacks the protocol, the message is too large, the connection closed,
    /// or <see cref="ApplicationProtocolsOptions.SendTimeout"/> passed.
    /// </exception>
    public async Task SendAsync(PeerId peer, string protocolId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (message.Length > _options.MaxMessageSize)
        {
            throw new RequestFailedException(peer, RequestFailure.RequestTooLarge, $"A message of {message.Length} bytes exceeds the limit of {_options.MaxMessageSize}.");
        }

        using var timeout = new CancellationTokenSource(_options.SendTimeout, Swarm.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await using var stream = await OpenStreamAsync(peer, protocolId, linked.Token);
            await ProtocolMessages.WriteAsync(stream.Output, message, linked.Token);
            await stream.Output.CompleteAsync();

            // Wait for the receiver's close so the message is known to have been taken (APP-2.2).
            await ProtocolMessages.ReadToEndAsync(stream.Input, linked.Token);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new RequestFailedException(peer, RequestFailure.Timeout, $"Sending {protocolId} to {peer} timed out.", ex);
        }
        catch (IOException ex)
        {
            var reason = Swarm.GetConnections(peer).Count == 0 ? RequestFailure.ConnectionClosed : RequestFailure.Refused;
            throw new RequestFailedException(peer, reason, $"Sending {protocolId} to {peer} failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Sends <paramref name="message"/> to every connected peer that may speak
    /// <paramref name="protocolId"/>, all at once (APP-2.4).
    /// </summary>
    /// <returns>How many peers took the message.</returns>
    public async Task<int> BroadcastAsync(string protocolId, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var peers = ConnectedPeers.Where(p => MaySpeak(p, protocolId)).ToArray();
        var results = await Task.WhenAll(peers.Select(async peer =>
        {
            try
            {
                await SendAsync(peer, protocolId, message, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex)
            {
                Log.AppBroadcastSkipped(_logger, peer, protocolId, ex.Reason);
                return false;
            }
        }));
        return results.Count(delivered => delivered);
    }

    /// <summary>Opens a stream of <paramref name="protocolId"/> to <paramref name="peer"/>, to stream messages or raw bytes.</summary>
    /// <exception cref="RequestFailedException">Not connected, or the peer lacks the protocol.</exception>
    public async Task<ProtocolStream> OpenStreamAsync(PeerId peer, string protocolId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentException.ThrowIfNullOrEmpty(protocolId);
        try
        {
            return await Swarm.OpenStreamAsync(peer, [protocolId], cancellationToken);
        }
        catch (SwarmException ex) when (ex.InnerException is Multistream.NegotiationFailedException)
        {
            MarkLacking(peer, protocolId);
            throw new RequestFailedException(peer, RequestFailure.UnsupportedProtocol, ex.Message, ex);
        }
        catch (SwarmException ex)
        {
            throw new RequestFailedException(peer, RequestFailure.NotConnected, ex.Message, ex);
        }
        catch (Muxing.MuxerClosedException ex)
        {
            throw new RequestFailedException(peer, RequestFailure.ConnectionClosed, ex.Message, ex);
        }
    }

    /// <summary>Reads the next inbound message within the idle timeout; null at the stream's clean end.</summary>
    internal async ValueTask<byte[]?> ReadInboundMessageAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        using var idle = new CancellationTokenSource(_options.StreamIdleTimeout, Swarm.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
        return await ProtocolMessages.ReadAsync(stream.Input, _options.MaxMessageSize, linked.Token);
    }
}
