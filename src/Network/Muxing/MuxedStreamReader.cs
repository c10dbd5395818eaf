using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Muxing;

/// <summary>
/// The application's view of a muxed stream's inbound bytes, shared by yamux and mplex: a thin
/// wrapper over the stream's receive pipe that reports how much the application consumes and
/// examines, so each muxer can grant window or buffer room only as fast as the application reads.
/// </summary>
internal abstract class MuxedStreamReader : PipeReader
{
    private readonly PipeReader _inner;
    private ReadOnlySequence<byte> _lastRead;
    private int _completed;

    protected MuxedStreamReader(PipeReader inner) => _inner = inner;

    public sealed override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = _inner.ReadAsync(cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            _lastRead = result.Buffer;
            return new ValueTask<ReadResult>(result);
        }

        return AwaitReadAsync(pending);
    }

    public sealed override bool TryRead(out ReadResult result)
    {
        if (_inner.TryRead(out result))
        {
            _lastRead = result.Buffer;
            return true;
        }

        return false;
    }

    public sealed override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public sealed override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        // Measured before the inner reader may return the segments to the pool.
        var start = _lastRead.Start;
        var consumedBytes = _lastRead.Slice(start, consumed).Length;
        var examinedBytes = _lastRead.Slice(start, examined).Length;
        var drained = consumedBytes == _lastRead.Length;
        _lastRead = default;
        _inner.AdvanceTo(consumed, examined);
        OnAdvanced(consumedBytes, examinedBytes, drained);
    }

    public sealed override void CancelPendingRead() => _inner.CancelPendingRead();

    public sealed override void Complete(Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        _lastRead = default;
        _inner.Complete(exception);
        OnCompleted();
    }

    /// <summary>
    /// The application advanced: <paramref name="consumedBytes"/> consumed and
    /// <paramref name="examinedBytes"/> examined, both counted from the start of its last read;
    /// <paramref name="drained"/> when it consumed all of that read.
    /// </summary>
    protected abstract void OnAdvanced(long consumedBytes, long examinedBytes, bool drained);

    /// <summary>The application completed the reader (once).</summary>
    protected abstract void OnCompleted();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitReadAsync(ValueTask<ReadResult> pending)
    {
        var result = await pending;
        _lastRead = result.Buffer;
        return result;
    }
}
