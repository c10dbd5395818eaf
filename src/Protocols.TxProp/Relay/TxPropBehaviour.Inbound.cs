using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.TxProp.Messages;

namespace RustyNode.Protocols.TxProp.Relay;

public sealed partial class TxPropBehaviour
{
    /// <summary>
    /// An inbound stream: its first message says its kind (TX-1.1). Inv or FeeFilter opens the
    /// peer's announcement stream; GetData opens the peer's request stream, whose GetData messages
    /// we answer in turn. A protocol error is scored here (TX-7.1) and resets the stream.
    /// </summary>
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var peer = GetPeer(stream.Peer);
        if (peer is null)
        {
            stream.Stream.Reset();
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, peer.Lifetime.Token);
        try
        {
            var first = await ReadMessageAsync(stream.Input, peer, linked.Token);
            switch (first)
            {
                case null:
                    return;
                case GetDataMessage getData:
                    await ServeAsync(stream, peer, getData, linked.Token);
                    break;
                case InvMessage or FeeFilterMessage:
                    await ReadAnnouncementsAsync(stream, peer, first, linked.Token);
                    break;
                default:
                    throw new TxPropProtocolException($"A stream may not begin with {first.Code}.");
            }
        }
        catch (TxPropProtocolException ex)
        {
            Report(peer.Id, ex.IsOverLimit ? TxPropScoreReasons.OversizeMessage : TxPropScoreReasons.MalformedMessage, ex.IsOverLimit ? TxPropScoreReasons.OversizeMessageWeight : TxPropScoreReasons.MalformedMessageWeight, ex.Message);
            stream.Stream.Reset();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The peer left, reset the stream or we are shutting down: an ordinary end.
            Log.InboundStreamEnded(_logger, peer.Id, ex.Message);
            stream.Stream.Reset();
        }
    }

    /// <summary>
    /// A peer's request stream (TX-1.1): answers each GetData in turn until the peer closes its side,
    /// then closes ours. A GetData costs the peer's message budget only for what an honest requester
    /// does not ask (TX-5.2): the stream itself was one message when it opened (PROT-2.2).
    /// </summary>
    private async Task ServeAsync(ProtocolStream stream, RelayPeer peer, GetDataMessage first, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (peer.InboundRequests >= TxPropLimits.MaxConcurrentInboundRequestsPerPeer)
            {
                throw new TxPropProtocolException($"More than {TxPropLimits.MaxConcurrentInboundRequestsPerPeer} request streams at once.");
            }

            peer.InboundRequests++;
        }

        try
        {
            for (var message = (TxMessage?)first; message is not null; message = await ReadMessageAsync(stream.Input, peer, cancellationToken))
            {
                if (message is not GetDataMessage request)
                {
                    throw new TxPropProtocolException($"{message.Code} is not allowed on a request stream.");
                }

                var charges = await AnswerAsync(stream, peer, request, cancellationToken);
                for (var i = 0; i < charges; i++)
                {
                    await Swarm.AcquireInboundMessageAsync(peer.Id, ProtocolId, cancellationToken);
                }
            }

            await stream.Output.CompleteAsync();
        }
        finally
        {
            lock (_gate)
            {
                peer.InboundRequests--;
            }
        }
    }

    /// <summary>
    /// Answers one GetData (TX-5.1) and returns the messages it costs the peer (TX-5.2): one when it
    /// asked for anything answered NotFound, and one per transaction served to it again.
    /// </summary>
    private async Task<int> AnswerAsync(ProtocolStream stream, RelayPeer peer, GetDataMessage request, CancellationToken cancellationToken)
    {
        var txIds = request.TxIds;
        var mayServe = new bool[txIds.Count];
        lock (_gate)
        {
            for (var i = 0; i < txIds.Count; i++)
            {
                mayServe[i] = MayServe(peer, txIds[i]);
            }
        }

        var missing = new List<Hash256>();
        var served = new List<Hash256>(txIds.Count);
        var unflushed = 0L;
        for (var i = 0; i < txIds.Count; i++)
        {
            if (!mayServe[i] || !_chain.TryGetMempoolTransaction(txIds[i], out var tx))
            {
                missing.Add(txIds[i]);
                continue;
            }

            served.Add(txIds[i]);
            unflushed += Write(stream.Output, peer, new TxDataMessage(tx));
            if (unflushed >= 64 * 1024)
            {
                await stream.Output.FlushAsync(cancellationToken);
                unflushed = 0;
            }
        }

        var charges = 0;
        if (missing.Count > 0)
        {
            Write(stream.Output, peer, new NotFoundMessage(missing));
            charges++;
        }

        await stream.Output.FlushAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var txId in served)
            {
                if (!peer.Served.Add(txId))
                {
                    charges++;
                }
            }
        }

        return charges;
    }

    private async Task ReadAnnouncementsAsync(ProtocolStream stream, RelayPeer peer, TxMessage first, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (peer.AnnouncementStreams >= TxPropLimits.MaxAnnouncementStreamsPerPeer)
            {
                throw new TxPropProtocolException($"More than {TxPropLimits.MaxAnnouncementStreamsPerPeer} announcement streams at once.");
            }

            peer.AnnouncementStreams++;
        }

        try
        {
            for (var message = first; message is not null; message = await ReadMessageAsync(stream.Input, peer, cancellationToken))
            {
                await Swarm.AcquireInboundMessageAsync(peer.Id, ProtocolId, cancellationToken);
                switch (message)
                {
                    case FeeFilterMessage filter:
                        lock (_gate)
                        {
                            peer.Announcer.FeeFilter = filter.FeeRatePerKb;
                        }

                        break;
                    case InvMessage inv:
                        await ThrottleInvAsync(peer, cancellationToken);
                        await TrackAnnouncementsAsync(peer, inv.TxIds, cancellationToken);
                        break;
                    default:
                        throw new TxPropProtocolException($"{message.Code} is not allowed on an announcement stream.");
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                peer.AnnouncementStreams--;
            }
        }
    }

    /// <summary>TX-7.4: Inv messages beyond the flood rate are scored and wait for the rate.</summary>
    private async Task ThrottleInvAsync(RelayPeer peer, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            var elapsed = Math.Max(0, (now - peer.InvTokensAt).TotalSeconds);
            peer.InvTokens = Math.Min(TxPropLimits.InvMessageBurst, peer.InvTokens + (elapsed * TxPropLimits.InvMessagesPerSecond));
            peer.InvTokensAt = now;
            peer.InvTokens -= 1;
            wait = peer.InvTokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-peer.InvTokens / TxPropLimits.InvMessagesPerSecond);
        }

        if (wait > TimeSpan.Zero)
        {
            Report(peer.Id, TxPropScoreReasons.InvFlood, TxPropScoreReasons.InvFloodWeight, $"Inv messages beyond {TxPropLimits.InvMessagesPerSecond}/s");
            await Task.Delay(wait, Time, cancellationToken);
        }
    }

    /// <summary>
    /// Records a peer's announcements (TX-4.6, TX-4.7). When the peer is at its tracking bound, waits
    /// for room before going on, so its stream is read no further and its sender is held back.
    /// </summary>
    private async Task TrackAnnouncementsAsync(RelayPeer peer, IReadOnlyList<Hash256> txIds, CancellationToken cancellationToken)
    {
        peer.Counters.AddAnnouncedIn(txIds.Count);
        Totals.AddAnnouncedIn(txIds.Count);
        var index = 0;
        while (index < txIds.Count)
        {
            Task? room = null;
            lock (_gate)
            {
                var now = Time.GetUtcNow();
                for (; index < txIds.Count; index++)
                {
                    var txId = txIds[index];
                    peer.Announcer.MarkKnown(txId);
                    if (_recentRejects.Contains(txId) || peer.Abandoned.Contains(txId) || _chain.HasTransaction(txId))
                    {
                        continue;
                    }

                    if (!_tracker.ReceivedInv(peer.Id, txId, peer.Outbound, now))
                    {
                        peer.RoomWaiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        room = peer.RoomWaiter.Task;
                        break;
                    }
                }
            }

            Wake();
            if (room is not null)
            {
                await room.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Reads the next message; null when the stream ended cleanly between messages.</summary>
    private async ValueTask<TxMessage?> ReadMessageAsync(PipeReader input, RelayPeer peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = TakeMessage(input, await input.ReadAsync(cancellationToken), peer, out var ended);
            if (message is not null || ended)
            {
                return message;
            }
        }
    }

    /// <summary>The next message when the whole of it has already arrived; false, without waiting, otherwise.</summary>
    private bool TryReadBufferedMessage(PipeReader input, RelayPeer peer, [NotNullWhen(true)] out TxMessage? message)
    {
        message = input.TryRead(out var result) ? TakeMessage(input, result, peer, out _) : null;
        return message is not null;
    }

    /// <summary>
    /// Takes one message from what a read returned, if it holds a whole one; <paramref name="ended"/>
    /// says the stream ended cleanly between messages.
    /// </summary>
    private TxMessage? TakeMessage(PipeReader input, ReadResult result, RelayPeer peer, out bool ended)
    {
        ended = false;
        var buffer = result.Buffer;
        TxMessage? message = null;
        try
        {
            if (TxMessageCodec.TryRead(ref buffer, out var read))
            {
                message = read;
            }
            else if (result.IsCompleted)
            {
                if (!buffer.IsEmpty)
                {
                    throw new TxPropProtocolException($"The stream ended inside a message ({buffer.Length} bytes of it).");
                }

                ended = true;
                return null;
            }
        }
        finally
        {
            // After a message, only it is consumed and examined: the next read must see the
            // bytes already buffered behind it without waiting for more.
            if (message is null)
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }
            else
            {
                input.AdvanceTo(buffer.Start);
            }
        }

        if (message is not null)
        {
            var size = TxMessageCodec.GetSize(message);
            peer.Counters.AddBytesIn(size);
            Totals.AddBytesIn(size);
        }

        return message;
    }

    private long Write(PipeWriter output, RelayPeer peer, TxMessage message)
    {
        var size = TxMessageCodec.GetSize(message);
        TxMessageCodec.Write(message, output);
        peer.Counters.AddBytesOut(size);
        Totals.AddBytesOut(size);
        if (message is InvMessage or FeeFilterMessage)
        {
            peer.Counters.AddAnnouncementBytesOut(size);
            Totals.AddAnnouncementBytesOut(size);
        }

        return size;
    }
}
