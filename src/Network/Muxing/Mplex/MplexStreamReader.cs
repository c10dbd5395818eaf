using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>The application's view of a stream's inbound bytes; counts what it consumes (MPX-3.2).</summary>
internal sealed class MplexStreamReader : PipeReader
{
    private readonly MplexStream _stream;
    private readonly PipeReader _inner;
    private ReadOnlySequence<byte> _lastRead;
    private int _completed;

    public MplexStreamReader(MplexStream stream, PipeReader inner)
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
        var bytes = _lastRead.Slice(_lastRead.Start, consumed).Length;
        _lastRead = default;
        _inner.AdvanceTo(consumed, examined);
        _stream.OnConsumed(bytes);
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
        _stream.OnInputCompleted();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitReadAsync(ValueTask<ReadResult> pending)
    {
        var result = await pending;
        _lastRead = result.Buffer;
        return result;
    }
}
