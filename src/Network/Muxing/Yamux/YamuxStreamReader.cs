using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The application's view of a stream's inbound bytes: a thin wrapper over the stream's pipe that
/// counts what the application consumes or examines, so the window granted to the remote grows only
/// as fast as the application reads (YMX-3.2). Examined bytes count too: a reader that waits for a
/// whole message larger than the window (AdvanceTo(start, end)) asks for more data, and must get it.
/// </summary>
internal sealed class YamuxStreamReader : PipeReader
{
    private readonly YamuxStream _stream;
    private readonly PipeReader _inner;
    private ReadOnlySequence<byte> _lastRead;
    private long _consumedTotal;
    private long _releasedTotal;
    private int _completed;

    public YamuxStreamReader(YamuxStream stream, PipeReader inner)
    {
        _stream = stream;
        _inner = inner;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
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

    public override bool TryRead(out ReadResult result)
    {
        if (_inner.TryRead(out result))
        {
            _lastRead = result.Buffer;
            return true;
        }

        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var start = _lastRead.Start;
        var consumedBytes = _lastRead.Slice(start, consumed).Length;
        var examinedBytes = _lastRead.Slice(start, examined).Length;
        var drained = consumedBytes == _lastRead.Length;
        _lastRead = default;
        _inner.AdvanceTo(consumed, examined);

        var released = Math.Max(_releasedTotal, _consumedTotal + examinedBytes);
        var newlyReleased = released - _releasedTotal;
        _releasedTotal = released;
        _consumedTotal += consumedBytes;
        _stream.OnConsumed(consumedBytes, newlyReleased, drained);
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return;
        }

        _lastRead = default;
        _inner.Complete(exception);
        _stream.OnInputCompleted(_releasedTotal);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitReadAsync(ValueTask<ReadResult> pending)
    {
        var result = await pending;
        _lastRead = result.Buffer;
        return result;
    }
}
