using System.Buffers;
using System.IO.Pipelines;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// One yamux stream. Inbound bytes land in a private pipe (bounded by the receive window we grant,
/// never by pipe thresholds); outbound bytes are framed straight onto the session's connection
/// as soon as the application flushes and the send window allows.
/// </summary>
public sealed partial class YamuxStream : IMuxedStream
{
    private static readonly PipeOptions ReceiveOptions = new(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        pool: MuxerBufferPool.Shared,
        minimumSegmentSize: MuxerBufferPool.BlockSize,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly YamuxSession _session;
    private readonly Lock _sync = new();
    private readonly Pipe _receive = new(ReceiveOptions);
    private readonly SemaphoreSlim _windowSignal = new(0, 1);
    private readonly YamuxStreamReader _input;
    private readonly YamuxStreamWriter _output;

    private HalfState _receiveState;
    private HalfState _sendState;
    private bool _inputCompleted;
    private bool _removed;
    private int _disposed;
    private long _receiveWindow = YamuxLimits.InitialWindow;
    private long _sendWindow = YamuxLimits.InitialWindow;
    private long _unconsumed;
    private long _delivered;
    private long _windowSize = YamuxLimits.InitialWindow;
    private bool _readerKeepsUp;
    private long _pendingCredit;
    private bool _creditDeferred;
    private long _accountedMemory;

    internal YamuxStream(YamuxSession session, uint streamId, bool isOutbound)
    {
        _session = session;
        StreamId = streamId;
        IsOutbound = isOutbound;
        _input = new YamuxStreamReader(this, _receive.Reader);
        _output = new YamuxStreamWriter(this);
    }

    private enum HalfState : byte
    {
        Open,
        Finished,
        Reset,
    }

    /// <summary>The yamux stream id (odd when the dialer opened it, even when the listener did).</summary>
    public uint StreamId { get; }

    /// <inheritdoc />
    public long Id => StreamId;

    /// <inheritdoc />
    public bool IsOutbound { get; }

    /// <inheritdoc />
    public PipeReader Input => _input;

    /// <inheritdoc />
    public PipeWriter Output => _output;

    /// <summary>Bytes we may still send before the remote grants more window.</summary>
    internal long SendWindow
    {
        get
        {
            lock (_sync)
            {
                return _sendWindow;
            }
        }
    }

    /// <summary>The receive window this stream grants at most (grows from 256 KiB for fast readers).</summary>
    internal long ReceiveWindowSize
    {
        get
        {
            lock (_sync)
            {
                return _windowSize;
            }
        }
    }

    /// <summary>Bytes received and buffered that the application has not consumed yet.</summary>
    internal long BufferedBytes
    {
        get
        {
            lock (_sync)
            {
                return _unconsumed;
            }
        }
    }

    internal YamuxSession Session => _session;

    /// <summary>Memory this stream's buffered bytes hold, as charged to the connection's memory budget (RCM-1.3).</summary>
    internal long AccountedMemory
    {
        get
        {
            lock (_sync)
            {
                return _accountedMemory;
            }
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        lock (_sync)
        {
            if (_sendState != HalfState.Open && _receiveState != HalfState.Open)
            {
                return;
            }

            AbortUnsynchronized(new StreamResetException("The stream was reset locally.", StreamResetReason.Local));
        }

        _session.QueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Rst, StreamId, 0));
        RemoveIfDone();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Never waits: unflushed bytes turn the close into a reset; otherwise this half-closes.
        _output.CompleteForDispose();

        bool remoteFinished;
        lock (_sync)
        {
            remoteFinished = _receiveState != HalfState.Open;
        }

        if (!remoteFinished)
        {
            Reset();
        }

        await _input.CompleteAsync();
    }

    /// <summary>Called by the session when the remote reset the stream.</summary>
    internal void OnRemoteReset()
    {
        lock (_sync)
        {
            AbortUnsynchronized(new StreamResetException("The remote reset the stream.", StreamResetReason.Remote));
        }

        RemoveIfDone();
    }

    /// <summary>Called by the session when its connection ended; unfinished halves are reset.</summary>
    internal void OnSessionEnded()
    {
        lock (_sync)
        {
            AbortUnsynchronized(new StreamResetException("The multiplexed connection closed.", StreamResetReason.ConnectionClosed));
        }
    }

    /// <summary>Called by the session on a FIN from the remote: no more data will come.</summary>
    internal void OnRemoteFin()
    {
        lock (_sync)
        {
            if (_receiveState != HalfState.Open)
            {
                return;
            }

            _receiveState = HalfState.Finished;
            _receive.Writer.Complete();
        }

        RemoveIfDone();
    }

    /// <summary>Adds a window increment from the remote.</summary>
    /// <exception cref="YamuxProtocolException">The window would exceed 2^32-1.</exception>
    internal void AddSendWindow(uint delta)
    {
        lock (_sync)
        {
            if (_sendWindow + delta > YamuxLimits.MaxWindow)
            {
                throw new YamuxProtocolException(
                    $"Window update of {delta} on stream {StreamId} overflows the send window of {_sendWindow}.");
            }

            _sendWindow += delta;
            if (_sendWindow > 0 && _windowSignal.CurrentCount == 0)
            {
                _windowSignal.Release();
            }
        }
    }

    /// <summary>Checks a data frame's length against the window we granted, and takes it from the window.</summary>
    /// <exception cref="YamuxProtocolException">The remote sent more than we allowed.</exception>
    internal void ReserveReceiveWindow(uint length)
    {
        lock (_sync)
        {
            if (length > _receiveWindow)
            {
                throw new YamuxProtocolException(
                    $"Data frame of {length} bytes on stream {StreamId} exceeds the receive window of {_receiveWindow}.");
            }

            _receiveWindow -= length;
        }
    }

    /// <summary>Appends payload bytes straight from the connection's buffer to the stream's pipe.</summary>
    internal void Deliver(in ReadOnlySequence<byte> data)
    {
        var length = data.Length;
        lock (_sync)
        {
            if (_receiveState == HalfState.Open && !_inputCompleted)
            {
                var writer = _receive.Writer;
                foreach (var segment in data)
                {
                    writer.Write(segment.Span);
                }

                var flush = writer.FlushAsync(CancellationToken.None);
                if (!flush.IsCompletedSuccessfully)
                {
                    throw new InvalidOperationException("A yamux receive pipe never pauses its writer.");
                }

                _unconsumed += length;
                _delivered += length;
                AccountMemoryUnsynchronized();
                return;
            }

            // Nobody will read these bytes: drop them but give the window back so the remote can finish.
            CreditUnsynchronized(length, force: false);
        }
    }

    /// <summary>
    /// The application consumed <paramref name="consumed"/> bytes and released
    /// <paramref name="released"/> more bytes (consumed or examined) than before; grant those back.
    /// <paramref name="drained"/>: it consumed everything it had been given, so it keeps up.
    /// </summary>
    internal void OnConsumed(long consumed, long released, bool drained)
    {
        if (consumed == 0 && released == 0)
        {
            return;
        }

        lock (_sync)
        {
            _unconsumed -= consumed;
            _readerKeepsUp = drained;
            AccountMemoryUnsynchronized();
            CreditUnsynchronized(released, force: false);
        }
    }

    /// <summary>
    /// The application completed Input after releasing <paramref name="releasedTotal"/> bytes: unread
    /// bytes are dropped and their window granted back so the remote can finish.
    /// </summary>
    internal void OnInputCompleted(long releasedTotal)
    {
        lock (_sync)
        {
            _inputCompleted = true;
            _unconsumed = 0;
            AccountMemoryUnsynchronized();
            CreditUnsynchronized(_delivered - releasedTotal, force: true);
        }
    }

    /// <summary>Why the send half was reset, for the errors of later writes.</summary>
    private StreamResetReason _sendResetReason;

    private void AbortUnsynchronized(StreamResetException reason)
    {
        if (_receiveState == HalfState.Open)
        {
            _receiveState = HalfState.Reset;
            _receive.Writer.Complete(reason);
            AccountMemoryUnsynchronized();
        }

        if (_sendState == HalfState.Open)
        {
            _sendState = HalfState.Reset;
            _sendResetReason = reason.Reason;
        }

        if (_windowSignal.CurrentCount == 0)
        {
            _windowSignal.Release();
        }
    }

    private void RemoveIfDone()
    {
        lock (_sync)
        {
            if (_removed || _sendState == HalfState.Open || _receiveState == HalfState.Open)
            {
                return;
            }

            _removed = true;
        }

        _session.OnStreamClosed(this);
    }
}
