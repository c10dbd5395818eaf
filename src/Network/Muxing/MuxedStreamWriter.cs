using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace RustyNode.Network.Muxing;

/// <summary>
/// The application's writer for a muxed stream, shared by yamux and mplex. Bytes written with
/// GetMemory/Advance wait in a small private buffer until FlushAsync frames them onto the
/// connection; WriteAsync with nothing buffered frames the caller's memory directly, without a
/// copy. Completing half-closes; completing with an exception resets the stream. Each muxer
/// supplies how bytes are sent and how the stream is closed or reset.
/// </summary>
internal abstract class MuxedStreamWriter : PipeWriter
{
    private static readonly PipeOptions BufferOptions = new(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        pool: MuxerBufferPool.Shared,
        minimumSegmentSize: MuxerBufferPool.BlockSize,
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly string _muxerName;
    private readonly string _closeTaskName;
    private Pipe? _buffer;
    private long _unflushed;
    private int _completed;

    /// <param name="muxerName">The muxer's name ("yamux", "mplex") for messages.</param>
    /// <param name="closeTaskName">Names a close that finishes in the background, in logs (a constant, so no string per stream).</param>
    protected MuxedStreamWriter(string muxerName, string closeTaskName)
    {
        _muxerName = muxerName;
        _closeTaskName = closeTaskName;
    }

    public sealed override bool CanGetUnflushedBytes => true;

    public sealed override long UnflushedBytes => _unflushed;

    /// <summary>
    /// True when bytes the send could not deliver stay buffered for the next flush if the send
    /// throws; false when a failed send drops the whole buffer.
    /// </summary>
    protected abstract bool KeepsUnsentBytesOnFailure { get; }

    /// <summary>The logger for a close that finishes in the background.</summary>
    protected abstract ILogger Logger { get; }

    private Pipe Buffer
    {
        get
        {
            if (_completed != 0)
            {
                throw new InvalidOperationException($"Writing to a completed {_muxerName} stream writer.");
            }

            return _buffer ??= new Pipe(BufferOptions);
        }
    }

    public sealed override Memory<byte> GetMemory(int sizeHint = 0) => Buffer.Writer.GetMemory(sizeHint);

    public sealed override Span<byte> GetSpan(int sizeHint = 0) => Buffer.Writer.GetSpan(sizeHint);

    public sealed override void Advance(int bytes)
    {
        Buffer.Writer.Advance(bytes);
        _unflushed += bytes;
    }

    public sealed override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_unflushed == 0)
        {
            ThrowIfCannotSend();
            return new ValueTask<FlushResult>(new FlushResult(ConsumeCancelRequest(), isCompleted: false));
        }

        return FlushBufferAsync(cancellationToken);
    }

    public sealed override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (_unflushed != 0)
        {
            return base.WriteAsync(source, cancellationToken);
        }

        return WriteDirectAsync(source, cancellationToken);
    }

    public sealed override void Complete(Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        if (exception is not null)
        {
            ResetStream();
        }
        else if (_unflushed != 0)
        {
            BackgroundTask.Forget(FlushThenCloseAsync(), Logger, _closeTaskName);
        }
        else
        {
            CloseStream();
        }
    }

    public sealed override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        if (exception is not null)
        {
            ResetStream();
            return;
        }

        await FlushThenCloseAsync();
    }

    /// <summary>
    /// Completes the writer when its stream is disposed, without waiting: unflushed bytes cannot
    /// be delivered without waiting (for window or the connection), so they turn the close into a
    /// reset; otherwise this half-closes.
    /// </summary>
    internal void CompleteForDispose()
    {
        if (_unflushed != 0)
        {
            Complete(new StreamResetException("The stream was disposed with unflushed data.", StreamResetReason.Local));
        }
        else
        {
            Complete();
        }
    }

    /// <summary>
    /// Sends <paramref name="data"/> on the stream; returns the bytes sent, which is less than the
    /// length only when a flush was canceled part way.
    /// </summary>
    protected abstract ValueTask<long> SendAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken);

    /// <summary>Throws when the stream's send half can no longer carry data.</summary>
    protected abstract void ThrowIfCannotSend();

    /// <summary>True once per CancelPendingFlush request, if the muxer supports canceling a flush.</summary>
    internal abstract bool ConsumeCancelRequest();

    /// <summary>Half-closes the stream's send direction.</summary>
    protected abstract void CloseStream();

    /// <summary>Resets the stream.</summary>
    protected abstract void ResetStream();

    private async Task FlushThenCloseAsync()
    {
        if (_unflushed != 0)
        {
            await FlushBufferAsync(CancellationToken.None);
        }

        CloseStream();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> FlushBufferAsync(CancellationToken cancellationToken)
    {
        var buffer = _buffer!;
        await buffer.Writer.FlushAsync(CancellationToken.None);
        if (!buffer.Reader.TryRead(out var read))
        {
            return new FlushResult(isCanceled: false, isCompleted: false);
        }

        // The buffer holds exactly the unflushed bytes; a failed send releases all of them unless
        // the muxer keeps what it could not send.
        var sent = KeepsUnsentBytesOnFailure ? 0 : read.Buffer.Length;
        try
        {
            sent = await SendAsync(read.Buffer, cancellationToken);
        }
        finally
        {
            buffer.Reader.AdvanceTo(read.Buffer.GetPosition(sent));
            _unflushed -= sent;
        }

        return new FlushResult(isCanceled: sent < read.Buffer.Length, isCompleted: false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> WriteDirectAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        var sent = await SendAsync(new ReadOnlySequence<byte>(source), cancellationToken);
        if (sent == source.Length)
        {
            return new FlushResult(isCanceled: false, isCompleted: false);
        }

        // Canceled by CancelPendingFlush: keep the rest for the next flush, as a pipe would.
        var rest = source.Span[(int)sent..];
        rest.CopyTo(Buffer.Writer.GetSpan(rest.Length));
        Advance(rest.Length);
        return new FlushResult(isCanceled: true, isCompleted: false);
    }
}
