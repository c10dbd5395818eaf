using System.Buffers;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Multiformats;
using RustyNode.Network.Muxing;
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
    private async Task RunWriterAsync(Connection connection, Writer writer, CancellationToken cancellationToken)
    {
        var peer = connection.RemotePeer;
        if (await WriteUntilStreamEndsAsync(connection, cancellationToken) && !cancellationToken.IsCancellationRequested)
        {
            // Our stream died but the peer may still be connected (on another connection): after a
            // pause (a peer that resets our streams must not make us spin), a new writer takes over
            // the same queue.
            await Task.Delay(WriterRestartDelay, Swarm.TimeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            lock (_lock)
            {
                if (_writers.TryGetValue(peer, out var current) && current == writer)
                {
                    _writers.Remove(peer);
                }
            }

            if (Swarm.GetConnections(peer) is [var next, ..])
            {
                OnConnectionEstablished(next);
            }
        }
    }

    /// <returns>True when a stream was opened (and has now ended); false when none could be.</returns>
    private async Task<bool> WriteUntilStreamEndsAsync(Connection connection, CancellationToken cancellationToken)
    {
        var peer = connection.RemotePeer;
        ProtocolStream stream;
        try
        {
            stream = await Swarm.OpenStreamAsync(peer, [.. Protocols], cancellationToken);
        }
        catch (MuxerClosedException ex)
        {
            Log.PubSubStreamOpenFailed(_logger, peer, ex.Message);
            return true;
        }
        catch (Exception ex) when (ex is SwarmException or IOException or Libp2pProtocolException or OperationCanceledException)
        {
            Log.PubSubStreamOpenFailed(_logger, peer, ex.Message);
            return false;
        }

        // The writer waits for the queue most of the time: it must notice at once when the
        // connection under its stream ends, so that what is queued meanwhile waits for the next
        // writer instead of being taken and lost.
        using var streamAlive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = stream.Connection.Completion.ContinueWith(
            static (_, state) => CancelQuietly((CancellationTokenSource)state!), streamAlive, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await using (stream)
        {
            var protocol = PubSubProtocolIds.Parse(stream.Protocol)!.Value;
            var outbox = Router.AddPeer(peer, protocol, connection.Direction == ConnectionDirection.Outbound, IpOf(connection));
            var time = Swarm.TimeProvider;
            var lastFrame = 0L;
            try
            {
                while (await outbox.WaitAsync(streamAlive.Token))
                {
                    // Pace the frames (PS-6.2): what is queued while we wait rides along.
                    if (lastFrame != 0 && time.GetElapsedTime(lastFrame) is var since && since < _options.MinFrameInterval)
                    {
                        await Task.Delay(_options.MinFrameInterval - since, time, streamAlive.Token);
                    }

                    if (outbox.TryTake(_options.MaxBatchSize, out var rpc))
                    {
                        lastFrame = time.GetTimestamp();
                        await WriteRpcAsync(stream, rpc, streamAlive.Token);
                    }
                }

                await stream.Output.CompleteAsync();
            }
            catch (Exception ex) when (ex is IOException or MuxerClosedException or Libp2pProtocolException or OperationCanceledException or InvalidOperationException)
            {
                Log.PubSubStreamEnded(_logger, peer, ex.Message);
                stream.Stream.Reset();
            }
        }

        return true;
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The writer ended before the connection did.
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
