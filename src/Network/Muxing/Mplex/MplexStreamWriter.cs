using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// The application's writer for a stream: GetMemory/Advance bytes wait in a private buffer until
/// FlushAsync frames them; WriteAsync with nothing buffered frames the caller's memory without a
/// copy. Completing half-closes; completing with an exception resets the stream.
/// </summary>
internal sealed class MplexStreamWriter : PipeWriter
{
    private static readonly PipeOptions BufferOptions = new(
        pauseWriterThreshold: 0,
        resumeWriterThreshold: 0,
        pool: MuxerBufferPool.Shared,
        minimumSegmentSize: MuxerBufferPool.BlockSize,
        readerScheduler: PipeScheduler.Inline,
        writerScheduler: PipeScheduler.Inline,
        useSynchronizationContext: false);

    private readonly MplexStream _stream;
    private Pipe? _buffer;
    private long _unflushed;
    private int _completed;

    public MplexStreamWriter(MplexStream stream) => _stream = stream;

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _unflushed;

    private Pipe Buffer
    {
        get
        {
            if (_completed != 0)
            {
                throw new InvalidOperationException("Writing to a completed mplex stream writer.");
            }

            return _buffer ??= new Pipe(BufferOptions);
        }
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Buffer.Writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Buffer.Writer.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        Buffer.Writer.Advance(bytes);
        _unflushed += bytes;
    }

    /// <summary>Mplex never waits for window, so there is no wait to cancel; the connection flush is not interrupted.</summary>
    public override void CancelPendingFlush()
    {
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_unflushed == 0)
        {
            _stream.ThrowIfCannotSend();
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
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
            BackgroundTask.Forget(FlushThenCloseAsync(), _stream.Session.Logger, "mplex stream close");
        }
        else
        {
            _stream.SendClose();
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

        await FlushThenCloseAsync();
    }

    private async Task FlushThenCloseAsync()
    {
        if (_unflushed != 0)
        {
            await FlushBufferAsync(CancellationToken.None);
        }

        _stream.SendClose();
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

        try
        {
            await _stream.SendAsync(read.Buffer, cancellationToken);
        }
        finally
        {
            buffer.Reader.AdvanceTo(read.Buffer.End);
            _unflushed = 0;
        }

        return new FlushResult(isCanceled: false, isCompleted: false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FlushResult> WriteDirectAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
    {
        await _stream.SendAsync(new ReadOnlySequence<byte>(source), cancellationToken);
        return new FlushResult(isCanceled: false, isCompleted: false);
    }
}
