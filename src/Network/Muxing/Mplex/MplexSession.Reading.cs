using System.Buffers;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>The read loop: parses frames and dispatches them to streams (MPX-1 .. MPX-4).</summary>
public sealed partial class MplexSession
{
    // The frame whose payload is still arriving: payloads are handed to their stream as they come.
    private MplexStream? _dataStream;
    private long _dataRemaining;
    private bool _dataUnasked;
    private bool _overBudget;

    private async Task RunReadLoopAsync()
    {
        Exception? error = null;
        try
        {
            while (!_disposing)
            {
                var result = await _input.ReadAsync();
                var buffer = result.Buffer;
                MplexStream? stalled = null;
                try
                {
                    if (_disposing || result.IsCanceled)
                    {
                        break;
                    }

                    stalled = Process(ref buffer);
                    _memory?.Enforce();
                }
                finally
                {
                    // When a reader is behind or the remote owes bytes, nothing after this point was
                    // examined: read it again later.
                    _input.AdvanceTo(buffer.Start, stalled is null && !_overBudget ? buffer.End : buffer.Start);
                }

                if (_overBudget)
                {
                    // mplex has no windows: unasked payload waits in the connection until the remote's
                    // budget is repaid, and TCP pushes back (PROT-2.3).
                    _overBudget = false;
                    await _budget!.WaitForByteBudgetAsync(_shutdown.Token);
                }
                else if (stalled is not null)
                {
                    await stalled.WaitForRoomAsync(_options.StalledReaderTimeout, _options.TimeProvider, _shutdown.Token);
                }
                else if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_disposing)
        {
            // Disposed while waiting for a slow reader.
        }
        catch (MplexProtocolException ex)
        {
            Log.MplexProtocolError(Logger, ex.Message);
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

    /// <summary>Handles every complete frame and payload chunk; returns the stream to wait for if its reader is behind.</summary>
    private MplexStream? Process(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_dataRemaining > 0)
            {
                if (buffer.IsEmpty)
                {
                    return null;
                }

                if (_dataUnasked && _budget is { IsOverByteBudget: true })
                {
                    _overBudget = true;
                    return null;
                }

                var chunk = Math.Min(buffer.Length, _dataRemaining);
                var taken = _dataStream?.Deliver(buffer.Slice(0, chunk)) ?? chunk;
                if (_dataUnasked)
                {
                    // Payload from the opener of a stream we did not open is unasked traffic (PROT-2.2).
                    _budget?.ChargeBytes(taken);
                }

                buffer = buffer.Slice(taken);
                _dataRemaining -= taken;
                if (taken < chunk)
                {
                    return _dataStream;
                }

                continue;
            }

            if (!MplexFrameHeader.TryRead(ref buffer, out var header))
            {
                return null;
            }

            _dataStream = null;
            _dataRemaining = header.Length;
            _dataUnasked = header.Flag is MplexFlag.NewStream or MplexFlag.MessageInitiator;
            OnFrame(header);
        }
    }

    private void OnFrame(MplexFrameHeader header)
    {
        switch (header.Flag)
        {
            case MplexFlag.NewStream:
                OpenInbound(header.StreamId);
                break;
            case MplexFlag.MessageInitiator:
                _dataStream = Find(header.StreamId, outbound: false);
                break;
            case MplexFlag.MessageReceiver:
                _dataStream = Find(header.StreamId, outbound: true);
                break;
            case MplexFlag.CloseInitiator:
                Find(header.StreamId, outbound: false)?.OnRemoteClose();
                break;
            case MplexFlag.CloseReceiver:
                Find(header.StreamId, outbound: true)?.OnRemoteClose();
                break;
            case MplexFlag.ResetInitiator:
                Find(header.StreamId, outbound: false)?.OnRemoteReset();
                break;
            default:
                Find(header.StreamId, outbound: true)?.OnRemoteReset();
                break;
        }
    }

    private MplexStream? Find(long id, bool outbound)
    {
        lock (_streamsLock)
        {
            return _streams.GetValueOrDefault((id, outbound));
        }
    }

    private void OpenInbound(long id)
    {
        // Every stream the remote opens is an unasked message, refused or not (PROT-2.2).
        _budget?.ChargeStream();
        MplexStream? stream = null;
        lock (_streamsLock)
        {
            if (_streams.ContainsKey((id, false)))
            {
                throw new MplexProtocolException($"New stream {id} reuses the id of a stream the remote still has open.");
            }

            if (!_writer.IsClosing && _openInbound < MplexLimits.MaxInboundStreams && _inbound.TryReserve())
            {
                stream = new MplexStream(this, id, isOutbound: false);
                _streams.Add((id, false), stream);
                _openInbound++;
            }
        }

        if (stream is null)
        {
            Refuse(id);
            return;
        }

        _inbound.Enqueue(stream);
    }

    private void Refuse(long id)
    {
        if (_inbound.CountRefusal() > MplexLimits.MaxConsecutiveRefusedStreams)
        {
            throw new MplexProtocolException(
                $"The remote keeps opening streams beyond our limits ({MplexLimits.MaxConsecutiveRefusedStreams} refused in a row).");
        }

        Log.MplexStreamRefused(Logger, id);
        QueueControl(id, MplexFlag.ResetReceiver);
    }
}
