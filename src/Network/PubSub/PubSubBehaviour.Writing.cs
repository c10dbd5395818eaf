using System.Buffers;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Multiformats;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.PubSub;

public sealed partial class PubSubBehaviour
{
    /// <summary>
    /// The peer's writer (PS-6.2): opens our one outbound pubsub stream, offering our protocols in
    /// order of preference, registers the peer with the protocol agreed, then writes whatever the
    /// router queues for it, as length-prefixed RPCs, until the peer leaves.
    /// </summary>
    private async Task RunWriterAsync(Connection connection, CancellationToken cancellationToken)
    {
        var peer = connection.RemotePeer;
        ProtocolStream stream;
        try
        {
            stream = await Swarm.OpenStreamAsync(peer, [.. Protocols], cancellationToken);
        }
        catch (Exception ex) when (ex is SwarmException or IOException or Libp2pProtocolException or OperationCanceledException)
        {
            Log.PubSubStreamOpenFailed(_logger, peer, ex.Message);
            return;
        }

        await using (stream)
        {
            var protocol = PubSubProtocolIds.Parse(stream.Protocol)!.Value;
            var outbox = Router.AddPeer(peer, protocol, connection.Direction == ConnectionDirection.Outbound, IpOf(connection));
            try
            {
                while (await outbox.WaitAsync(cancellationToken))
                {
                    while (outbox.TryTake(_options.MaxBatchSize, out var rpc))
                    {
                        await WriteRpcAsync(stream, rpc, cancellationToken);
                    }
                }

                await stream.Output.CompleteAsync();
            }
            catch (Exception ex) when (ex is IOException or Libp2pProtocolException or OperationCanceledException or InvalidOperationException)
            {
                Log.PubSubStreamEnded(_logger, peer, ex.Message);
                stream.Stream.Reset();
            }
        }
    }

    private static async ValueTask WriteRpcAsync(ProtocolStream stream, PubSubRpc rpc, CancellationToken cancellationToken)
    {
        var size = PubSubRpcCodec.GetSize(rpc);
        var prefix = Varint.GetSize((ulong)size);
        var buffer = ArrayPool<byte>.Shared.Rent(prefix + size);
        try
        {
            Varint.Write(buffer, (ulong)size);
            PubSubRpcCodec.Write(rpc, buffer.AsSpan(prefix, size));
            await stream.Output.WriteAsync(buffer.AsMemory(0, prefix + size), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Dials a peer named in a PRUNE whose signed peer record names its addresses (GS-6.3).</summary>
    private async Task DialExchangedAsync(PeerId from, PeerExchangeInfo info, byte[] envelope)
    {
        try
        {
            var record = PeerRecord.Open(envelope);
            if (info.PeerId is { } id && !record.PeerId.AsSpan().SequenceEqual(id))
            {
                return;
            }

            if (record.PeerId == Swarm.LocalPeerId || Swarm.GetConnections(record.PeerId).Count > 0)
            {
                return;
            }

            foreach (var bytes in record.Addresses)
            {
                if (!Multiaddr.TryFromBytes(bytes, out var address))
                {
                    continue;
                }

                try
                {
                    await Swarm.DialAsync(address!.WithP2p(record.PeerId.ToBytes()), CancellationToken.None);
                    return;
                }
                catch (SwarmException ex)
                {
                    Log.PubSubExchangeDialFailed(_logger, from, record.PeerId, ex.Message);
                }
            }
        }
        catch (Libp2pProtocolException ex)
        {
            Log.PubSubExchangeDialFailed(_logger, from, from, ex.Message);
        }
        finally
        {
            _exchangeDials.Release();
        }
    }
}
