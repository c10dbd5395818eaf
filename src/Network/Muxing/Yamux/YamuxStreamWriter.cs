using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The application's writer for a stream. Bytes written with GetMemory/Advance wait in a small
/// private buffer until FlushAsync frames them onto the connection; WriteAsync with nothing
/// buffered frames the caller's memory directly, without a copy. Completing half-closes (FIN);
/// completing with an exception resets the stream.
/// </summary>
internal sealed class YamuxStreamWriter : PipeWriter
{
    private static readonly PipeOptions BufferOptions = new(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        pool: MuxerBufferPool.Shared,
        minimumSegmentSize: MuxerBufferPool.BlockSize,
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly YamuxStream _stream;
    private Pipe? _buffer;
    private long _unflushed;
    private int _completed;
    private volatile bool _cancelRequested;

    public YamuxStreamWriter(YamuxStream stream) => _stream = stream;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _unflushed;

    /// <summary>True once and clears the request: a pending flush should return as canceled.</summary>
    internal bool ConsumeCancelRequest()
    {
        if (!_cancelRequested)
        {
            return false;
        }

        _cancelRequested = false;
        return true;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Buffer.Writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Buffer.Writer.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        Buffer.Writer.Advance(bytes);
        _unflushed += bytes;
    }

    public override void CancelPendingFlush()
    {
        _cancelRequested = true;
        _stream.WakeSender();
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_unflushed == 0)
        {
            _stream.ThrowIfCannotSend();
            return new ValueTask<FlushResult>(new FlushResult(ConsumeCancelRequest(), isCompleted: false));
        }

        return FlushBufferAsync(cancellationToken);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (_unflushed != 0)
        {
            return base.WriteAsync(source, cancellationToken);
        }

        return WriteDirectAsync(source, cancellationToken);
    }

    public override void Complete(Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        if (exception is not null)
        {
            _stream.Reset();
        }
        else if (_unflushed != 0)
        {
            BackgroundTask.Forget(FlushThenFinAsync(), _stream.Session.Logger, "yamux stream close");
        }
        else
        {
            _stream.SendFin();
        }
    }

    public override async ValueTask CompleteAsync(Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        if (exception is not null)
        {
            _stream.Reset();
            return;
        }

        await FlushThenFinAsync();
    }

    private Pipe Buffer
    {
        get
        {
            if (_completed != 0)
            {
                throw new InvalidOperationException("Writing to a completed yamux stream writer.");
            }

            return _buffer ??= new Pipe(BufferOptions);
        }
    }

    private async Task FlushThenFinAsync()
    {
        if (_unflushed != 0)
        {
            await FlushBufferAsync(CancellationToken.None);
        }

        _stream.SendFin();
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

        long sent = 0;
        try
        {
            sent = await _stream.SendAsync(read.Buffer, cancellationToken);
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
        var sent = await _stream.SendAsync(new ReadOnlySequence<byte>(source), cancellationToken);
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
