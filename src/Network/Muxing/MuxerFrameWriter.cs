using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RustyNode.Network.Muxing;

/// <summary>
/// A muxer session's write side, shared by yamux and mplex. Every frame goes through one lock onto
/// the connection's writer, so frames of many streams never interleave. Control frames are queued
/// by whoever produces them (the read loop never waits on the connection) and written by a small
/// loop, or by the next data writer that holds the lock, ahead of its data. Each muxer supplies how
/// its control frames and data frame headers look on the wire.
/// </summary>
/// <typeparam name="TControl">A queued control frame.</typeparam>
/// <typeparam name="TDataTarget">What a data frame header needs besides its length (stream id, flag).</typeparam>
[SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The write lock never creates a wait handle, so it holds nothing to dispose; the sessions that owned it before never disposed it either.")]
internal abstract class MuxerFrameWriter<TControl, TDataTarget>
{
    private readonly PipeWriter _output;
    private readonly int _maxDataFramePayload;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<TControl> _control = Channel.CreateUnbounded<TControl>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private Task _controlLoop = Task.CompletedTask;
    private volatile bool _closing;
    private bool _outputClosed;

    protected MuxerFrameWriter(PipeWriter output, int maxDataFramePayload)
    {
        _output = output;
        _maxDataFramePayload = maxDataFramePayload;
    }

    /// <summary>True once the session began to end; no data is written any more.</summary>
    public bool IsClosing => _closing;

    /// <summary>Starts the loop that writes queued control frames.</summary>
    public void Start() => _controlLoop = Task.Run(RunControlWriterAsync);

    /// <summary>Marks the session as ending (the session does this under its own lock).</summary>
    public void MarkClosing() => _closing = true;

    /// <summary>Queues a control frame; it is written before any data frame written after this call.</summary>
    public void QueueControl(TControl frame) => _control.Writer.TryWrite(frame);

    /// <summary>Writes <paramref name="data"/> as data frames of bounded size, then flushes once.</summary>
    /// <exception cref="StreamResetException">The connection is closed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteDataAsync(TDataTarget target, ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_closing || _outputClosed)
            {
                throw new StreamResetException("The multiplexed connection closed.", StreamResetReason.ConnectionClosed);
            }

            WritePendingControlFrames();
            while (!data.IsEmpty)
            {
                var length = (int)Math.Min(data.Length, _maxDataFramePayload);
                WriteDataHeader(_output, target, length);
                foreach (var segment in data.Slice(0, length))
                {
                    _output.Write(segment.Span);
                }

                data = data.Slice(length);
            }

            var flush = await _output.FlushAsync(cancellationToken);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                _outputClosed = flush.IsCompleted;
                throw new StreamResetException("The multiplexed connection closed.", StreamResetReason.ConnectionClosed);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// The last step of a session's teardown: unblocks a writer stuck on backpressure, lets the
    /// control loop write what is queued (a go-away, say), then completes the connection's writer,
    /// which commits those bytes.
    /// </summary>
    public async Task CompleteAsync()
    {
        _control.Writer.TryComplete();
        _output.CancelPendingFlush();
        await _controlLoop;
        await _writeLock.WaitAsync();
        try
        {
            WritePendingControlFrames();
            _outputClosed = true;
            await _output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection is already broken; there is nothing left to tell the remote.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes one control frame onto the connection.</summary>
    protected abstract void WriteControlFrame(PipeWriter output, TControl frame);

    /// <summary>Writes the header of a data frame carrying <paramref name="length"/> payload bytes.</summary>
    protected abstract void WriteDataHeader(PipeWriter output, TDataTarget target, int length);

    /// <summary>Sees every control frame taken from the queue, written or (connection closed) not.</summary>
    protected virtual void OnControlFrameDequeued(TControl frame)
    {
    }

    private void WritePendingControlFrames()
    {
        while (_control.Reader.TryRead(out var frame))
        {
            OnControlFrameDequeued(frame);
            if (!_outputClosed)
            {
                WriteControlFrame(_output, frame);
            }
        }
    }

    private async Task RunControlWriterAsync()
    {
        while (await _control.Reader.WaitToReadAsync())
        {
            await _writeLock.WaitAsync();
            try
            {
                WritePendingControlFrames();
                if (_closing || _outputClosed)
                {
                    // Teardown commits what was written when it completes the writer.
                    continue;
                }

                var flush = await _output.FlushAsync();
                _outputClosed = flush.IsCompleted;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The connection failed; the read loop sees it too and tears the session down.
                _outputClosed = true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }
}
