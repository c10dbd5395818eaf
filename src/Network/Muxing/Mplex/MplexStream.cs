using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// One mplex stream. Inbound bytes land in a private pipe; mplex has no flow control, so when a
/// stream holds <see cref="MplexLimits.MaxStreamBuffer"/> unconsumed bytes the session stops reading
/// the connection until the reader catches up, and resets the stream if it does not in time.
/// Outbound bytes are framed onto the session's connection when the application flushes.
/// </summary>
public sealed class MplexStream : IMuxedStream
{
    private static readonly PipeOptions ReceiveOptions = new(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        pool: MuxerBufferPool.Shared,
        minimumSegmentSize: MuxerBufferPool.BlockSize,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly MplexSession _session;
    private readonly Lock _sync = new();
    private readonly Pipe _receive = new(ReceiveOptions);
    private readonly MplexStreamReader _input;
    private readonly MplexStreamWriter _output;
    private readonly SemaphoreSlim _roomSignal = new(0, 1);

    private HalfState _receiveState;
    private HalfState _sendState;
    private bool _inputCompleted;
    private bool _removed;
    private int _disposed;
    private long _unconsumed;
    private long _accountedMemory;

    internal MplexStream(MplexSession session, long id, bool isOutbound)
    {
        _session = session;
        Id = id;
        IsOutbound = isOutbound;
        _input = new MplexStreamReader(this, _receive.Reader);
        _output = new MplexStreamWriter(this);
    }

    private enum HalfState : byte
    {
        Open,
        Finished,
        Reset,
    }

    /// <inheritdoc />
    public long Id { get; }

    /// <inheritdoc />
    public bool IsOutbound { get; }

    /// <inheritdoc />
    public PipeReader Input => _input;

    /// <inheritdoc />
    public PipeWriter Output => _output;

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

    internal MplexSession Session => _session;

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

    private MplexFlag ResetFlag => IsOutbound ? MplexFlag.ResetInitiator : MplexFlag.ResetReceiver;

    /// <inheritdoc />
    public void Reset()
    {
        if (Abort(new StreamResetException("The stream was reset locally.", StreamResetReason.Local)))
        {
            _session.QueueControl(Id, ResetFlag);
        }

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
        Abort(new StreamResetException("The remote reset the stream.", StreamResetReason.Remote));
        RemoveIfDone();
    }

    /// <summary>Called by the session when its connection ended; unfinished halves are reset.</summary>
    internal void OnSessionEnded() => Abort(new StreamResetException("The multiplexed connection closed.", StreamResetReason.ConnectionClosed));

    /// <summary>Called by the session when the remote half-closed: no more data will come.</summary>
    internal void OnRemoteClose()
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

    /// <summary>
    /// Appends as much of <paramref name="data"/> as the stream's buffer bound allows to its pipe
    /// (bytes for a stream nobody reads any more are dropped) and returns how many bytes it took.
    /// Less than all means the reader is behind: the session waits for it (MPX-3.2).
    /// </summary>
    internal long Deliver(in ReadOnlySequence<byte> data)
    {
        lock (_sync)
        {
            if (_receiveState != HalfState.Open || _inputCompleted)
            {
                return data.Length;
            }

            var take = Math.Min(data.Length, MplexLimits.MaxStreamBuffer - _unconsumed);
            if (take <= 0)
            {
                return 0;
            }

            var writer = _receive.Writer;
            foreach (var segment in data.Slice(0, take))
            {
                writer.Write(segment.Span);
            }

            var flush = writer.FlushAsync(CancellationToken.None);
            if (!flush.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("An mplex receive pipe never pauses its writer.");
            }

            _unconsumed += take;
            AccountMemoryUnsynchronized();
            return take;
        }
    }

    /// <summary>
    /// Waits until the reader makes room in the buffer; resets the stream if it does not within
    /// <paramref name="timeout"/> measured on <paramref name="time"/>.
    /// </summary>
    internal async Task WaitForRoomAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        while (HasNoRoom())
        {
            if (!await WaitForSignalAsync(timeout, time, cancellationToken))
            {
                Log.MplexStreamOverflow(_session.Logger, Id, MplexLimits.MaxStreamBuffer);
                if (Abort(new StreamResetException($"The stream's reader stayed {MplexLimits.MaxStreamBuffer} bytes behind for {timeout}.", StreamResetReason.ReaderOverrun)))
                {
                    _session.QueueControl(Id, ResetFlag);
                }

                RemoveIfDone();
                return;
            }
        }
    }

    /// <summary>True when the room signal came within <paramref name="timeout"/>; false when the timeout ran out.</summary>
    private async Task<bool> WaitForSignalAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await _roomSignal.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The application consumed <paramref name="bytes"/> bytes.</summary>
    internal void OnConsumed(long bytes)
    {
        lock (_sync)
        {
            _unconsumed -= bytes;
            AccountMemoryUnsynchronized();
            SignalRoomUnsynchronized();
        }
    }

    /// <summary>The application completed Input: later bytes are dropped.</summary>
    internal void OnInputCompleted()
    {
        lock (_sync)
        {
            _inputCompleted = true;
            _unconsumed = 0;
            AccountMemoryUnsynchronized();
            SignalRoomUnsynchronized();
        }
    }

    /// <summary>Sends <paramref name="data"/> as message frames; returns its length (mplex sends all or throws).</summary>
    /// <exception cref="StreamResetException">The stream was reset or its connection closed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<long> SendAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        ThrowIfCannotSend();
        var flag = IsOutbound ? MplexFlag.MessageInitiator : MplexFlag.MessageReceiver;
        await _session.WriteDataAsync(Id, flag, data, cancellationToken);
        return data.Length;
    }

    /// <summary>Half-closes the send direction once (later calls do nothing).</summary>
    internal void SendClose()
    {
        lock (_sync)
        {
            if (_sendState != HalfState.Open)
            {
                return;
            }

            _sendState = HalfState.Finished;
        }

        _session.QueueControl(Id, IsOutbound ? MplexFlag.CloseInitiator : MplexFlag.CloseReceiver);
        RemoveIfDone();
    }

    /// <summary>Throws when the send half can no longer carry data.</summary>
    internal void ThrowIfCannotSend()
    {
        lock (_sync)
        {
            switch (_sendState)
            {
                case HalfState.Reset:
                    throw new StreamResetException($"Mplex stream {Id} was reset.", _sendResetReason);
                case HalfState.Finished:
                    throw new InvalidOperationException($"Mplex stream {Id} is closed for writing.");
            }
        }
    }

    /// <summary>Resets whatever half is still open; true if anything was open.</summary>
    /// <summary>Why the send half was reset, for the errors of later writes.</summary>
    private StreamResetReason _sendResetReason;

    private bool Abort(StreamResetException reason)
    {
        lock (_sync)
        {
            var wasOpen = _receiveState == HalfState.Open || _sendState == HalfState.Open;
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

            SignalRoomUnsynchronized();
            return wasOpen;
        }
    }

    /// <summary>Charges the connection's memory budget with what the buffered bytes hold, in whole pool blocks.</summary>
    private void AccountMemoryUnsynchronized()
    {
        if (_session.Memory is not { } memory)
        {
            return;
        }

        var blocks = (_unconsumed + MuxerBufferPool.BlockSize - 1) / MuxerBufferPool.BlockSize;
        var held = _inputCompleted || _receiveState == HalfState.Reset ? 0 : blocks * MuxerBufferPool.BlockSize;
        if (held != _accountedMemory)
        {
            memory.AddBuffered(held - _accountedMemory);
            _accountedMemory = held;
        }
    }

    private bool HasNoRoom()
    {
        lock (_sync)
        {
            return _receiveState == HalfState.Open && !_inputCompleted && _unconsumed >= MplexLimits.MaxStreamBuffer;
        }
    }

    private void SignalRoomUnsynchronized()
    {
        if (_roomSignal.CurrentCount == 0)
        {
            _roomSignal.Release();
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
