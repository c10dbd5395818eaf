using System.Buffers;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>The read loop: parses frames and dispatches them to streams (YMX-2 .. YMX-6).</summary>
public sealed partial class YamuxSession
{
    // The data frame whose payload is still arriving: payloads are handed to their stream as they
    // come, so a frame never has to fit in the connection's buffer at once.
    private YamuxStream? _dataStream;
    private long _dataRemaining;
    private YamuxFlags _dataFlags;
    private bool _dataUnasked;
    private readonly InboundStreamIdWindow _inboundIds = new();

    private async Task RunReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (!_disposing)
            {
                var result = await _input.ReadAsync();
                var buffer = result.Buffer;
                try
                {
                    if (_disposing || result.IsCanceled)
                    {
                        break;
                    }

                    Process(ref buffer);
                    _memory?.Enforce();
                    if (result.IsCompleted)
                    {
                        Log.YamuxRemoteClosed(Logger, IsInitiator);
                        break;
                    }
                }
                finally
                {
                    _input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (YamuxProtocolException ex)
        {
            Log.YamuxProtocolError(Logger, ex.Message);
            QueueControl(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.ProtocolError));
            error = ex;
        }
        catch (Exception ex)
        {
            // The connection failed (or a bug surfaced): the session ends and Completion says why.
            error = ex;
        }
        finally
        {
            await _input.CompleteAsync();
            await TeardownAsync();
            if (error is null)
            {
                _completion.TrySetResult();
            }
            else
            {
                _completion.TrySetException(error);
            }
        }
    }

    private void Process(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_dataRemaining > 0)
            {
                if (buffer.IsEmpty)
                {
                    return;
                }

                var chunk = Math.Min(buffer.Length, _dataRemaining);
                if (_dataUnasked)
                {
                    // Payload on a stream the remote opened is unasked traffic (PROT-2.2).
                    _budget?.ChargeBytes(chunk);
                }

                _dataStream?.Deliver(buffer.Slice(0, chunk));
                buffer = buffer.Slice(chunk);
                _dataRemaining -= chunk;
                if (_dataRemaining == 0)
                {
                    EndDataFrame();
                }

                continue;
            }

            if (!YamuxHeader.TryRead(ref buffer, out var header))
            {
                return;
            }

            switch (header.Type)
            {
                case YamuxFrameType.Data:
                    OnDataHeader(header);
                    break;
                case YamuxFrameType.WindowUpdate:
                    OnWindowUpdate(header);
                    break;
                case YamuxFrameType.Ping:
                    OnPing(header);
                    break;
                default:
                    OnGoAway(header);
                    break;
            }
        }
    }

    private void OnDataHeader(YamuxHeader header)
    {
        var stream = FindOrOpen(header);
        if (stream is not null)
        {
            stream.ReserveReceiveWindow(header.Length);
        }
        else if (header.Length > YamuxLimits.MaxStreamWindow)
        {
            // Late data for a stream we closed can be at most one window; anything more is abuse.
            throw new YamuxProtocolException(
                $"Data frame of {header.Length} bytes for unknown stream {header.StreamId} exceeds any window we grant.");
        }

        _dataStream = stream;
        _dataUnasked = header.StreamId % 2 == RemoteParity;
        _dataRemaining = header.Length;
        _dataFlags = header.Flags;
        if (header.Length == 0)
        {
            EndDataFrame();
        }
    }

    private void EndDataFrame()
    {
        if (_dataStream is { } stream)
        {
            ApplyCloseFlags(stream, _dataFlags);
        }

        _dataStream = null;
    }

    private void OnWindowUpdate(YamuxHeader header)
    {
        var stream = FindOrOpen(header);
        if (stream is null)
        {
            return;
        }

        stream.AddSendWindow(header.Length);
        ApplyCloseFlags(stream, header.Flags);
    }

    private static void ApplyCloseFlags(YamuxStream stream, YamuxFlags flags)
    {
        if ((flags & YamuxFlags.Rst) != 0)
        {
            stream.OnRemoteReset();
        }
        else if ((flags & YamuxFlags.Fin) != 0)
        {
            stream.OnRemoteFin();
        }
    }

    private void OnPing(YamuxHeader header)
    {
        RequireSessionFrame(header);
        if ((header.Flags & YamuxFlags.Syn) != 0)
        {
            if (Interlocked.Increment(ref _pendingPingAnswers) > YamuxLimits.MaxPendingPingAnswers)
            {
                Interlocked.Decrement(ref _pendingPingAnswers);
                Log.YamuxPingDropped(Logger);
                return;
            }

            QueueControl(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Ack, 0, header.Length));
        }
        else if ((header.Flags & YamuxFlags.Ack) != 0 && _pings.TryGetValue(header.Length, out var answer))
        {
            answer.TrySetResult();
        }
    }

    private void OnGoAway(YamuxHeader header)
    {
        RequireSessionFrame(header);
        _remoteGoAway = true;
        Log.YamuxGoAwayReceived(Logger, header.Length);
    }

    private static void RequireSessionFrame(YamuxHeader header)
    {
        if (header.StreamId != 0)
        {
            throw new YamuxProtocolException($"{header.Type} frame on stream {header.StreamId}; it belongs to stream 0.");
        }
    }

    /// <summary>The stream a data or window-update frame is for; opens it on SYN. Null: unknown or refused.</summary>
    private YamuxStream? FindOrOpen(YamuxHeader header)
    {
        if (header.StreamId == 0)
        {
            throw new YamuxProtocolException($"{header.Type} frame on stream 0, which carries only ping and go-away.");
        }

        if ((header.Flags & YamuxFlags.Syn) != 0)
        {
            return OpenInbound(header.StreamId);
        }

        lock (_streamsLock)
        {
            return _streams.GetValueOrDefault(header.StreamId);
        }
    }

    private YamuxStream? OpenInbound(uint id)
    {
        if (id % 2 != RemoteParity)
        {
            throw new YamuxProtocolException($"SYN for stream {id} has the wrong parity for a stream the remote opens.");
        }

        if (_inboundIds.TryUse(id) is { } refusal)
        {
            throw new YamuxProtocolException(refusal);
        }

        // Every stream the remote opens is an unasked message, refused or not (PROT-2.2).
        _budget?.ChargeStream();
        YamuxStream? stream = null;
        lock (_streamsLock)
        {
            if (!_writer.IsClosing && !_localGoAway && _openInbound < YamuxLimits.MaxInboundStreams && _inbound.TryReserve())
            {
                stream = new YamuxStream(this, id, isOutbound: false);
                _streams.Add(id, stream);
                _openInbound++;
            }
        }

        if (stream is null)
        {
            Refuse(id);
            return null;
        }

        _inbound.Enqueue(stream);
        return stream;
    }

    /// <summary>The parity of the stream ids the remote opens: even when we dialed, odd when it did.</summary>
    private uint RemoteParity => _isInitiator ? 0u : 1u;

    private void Refuse(uint id)
    {
        if (_inbound.CountRefusal() > YamuxLimits.MaxConsecutiveRefusedStreams)
        {
            throw new YamuxProtocolException(
                $"The remote keeps opening streams beyond our limits ({YamuxLimits.MaxConsecutiveRefusedStreams} refused in a row).");
        }

        Log.YamuxStreamRefused(Logger, id);
        QueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, id, 0));
    }
}
