using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Discovery.Kademlia;

public sealed partial class KademliaBehaviour
{
    /// <summary>
    /// Serves requests on an inbound stream (KAD-4.5): each framed request is answered on the same
    /// stream, at most <see cref="KadLimits.MaxRequestsPerStream"/> of them, each within the request
    /// timeout; a malformed or over-limit one resets the stream and counts against the peer.
    /// </summary>
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var swarm = Swarm;
        for (var served = 0; served < KadLimits.MaxRequestsPerStream; served++)
        {
            if (served > 0)
            {
                await swarm.AcquireInboundMessageAsync(stream.Peer, _options.ProtocolId, cancellationToken);
            }

            using var timeout = new CancellationTokenSource(_options.RequestTimeout, swarm.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var request = await ReadMessageAsync(stream.Input, linked.Token);
            if (request is null)
            {
                break;
            }

            KadMessage? response;
            try
            {
                response = Node.HandleRequest(stream.Peer, request, ListenAddressesOf);
            }
            catch (KadProtocolException ex)
            {
                Log.KadInboundRefused(_logger, stream.Peer, ex.Message);
                throw;
            }

            if (response is not null)
            {
                KadMessageCodec.WriteFrame(stream.Output, response);
                await stream.Output.FlushAsync(linked.Token);
            }
        }

        await stream.Output.CompleteAsync();
    }

    /// <inheritdoc />
    public async Task<KadMessage?> SendAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, KadMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(request);
        var swarm = Swarm;
        if (swarm.GetConnections(peer).Count == 0)
        {
            await DialAsync(peer, addresses, cancellationToken);
        }

        ProtocolStream stream;
        try
        {
            stream = await swarm.OpenStreamAsync(peer, [_options.ProtocolId], cancellationToken);
        }
        catch (Exception ex) when (ex is SwarmException or IOException or Libp2pProtocolException or Muxing.MuxerClosedException)
        {
            throw new KadRequestFailedException($"No DHT stream to {peer}: {ex.Message}", ex);
        }

        await using (stream)
        {
            try
            {
                KadMessageCodec.WriteFrame(stream.Output, request);
                await stream.Output.FlushAsync(cancellationToken);
                if (request.Type == KadMessageType.AddProvider)
                {
                    await stream.Output.CompleteAsync();
                    return null;
                }

                var response = await ReadMessageAsync(stream.Input, cancellationToken)
                    ?? throw new KadRequestFailedException($"{peer} closed the DHT stream without answering.");
                await stream.Output.CompleteAsync();
                return response;
            }
            catch (KadProtocolException)
            {
                swarm.ReportPeer(peer, SwarmScoreReasons.InvalidMessage, SwarmScoreReasons.InvalidMessageWeight);
                stream.Stream.Reset();
                throw;
            }
            catch (Exception ex) when (ex is IOException or Libp2pProtocolException or Muxing.MuxerClosedException or InvalidOperationException)
            {
                stream.Stream.Reset();
                throw new KadRequestFailedException($"DHT request to {peer} failed: {ex.Message}", ex);
            }
        }
    }

    private async Task DialAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, CancellationToken cancellationToken)
    {
        var reason = "no address known";
        foreach (var address in addresses.Take(KadLimits.MaxAddressesPerPeer))
        {
            var dialable = address.TryGetPeerIdBytes(out _) ? address : address.WithP2p(peer.ToBytes());
            try
            {
                await Swarm.DialAsync(dialable, cancellationToken);
                return;
            }
            catch (SwarmException ex)
            {
                reason = ex.Message;
            }
        }

        throw new KadRequestFailedException($"Could not reach {peer}: {reason}");
    }

    /// <summary>Reads one framed message; null when the stream ended cleanly first.</summary>
    private static async Task<KadMessage?> ReadMessageAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            KadMessage? message = null;
            try
            {
                if (KadMessageCodec.TryReadFrame(ref buffer, out message))
                {
                    return message;
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? null : throw new KadProtocolException($"The DHT stream ended inside a message ({buffer.Length} bytes of it).");
                }
            }
            finally
            {
                // A message taken leaves the rest unexamined: a pipelined next request is already there.
                if (message is not null)
                {
                    input.AdvanceTo(buffer.Start);
                }
                else
                {
                    input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                }
            }
        }
    }
}
