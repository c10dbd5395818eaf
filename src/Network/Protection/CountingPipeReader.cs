using System.Buffers;
using System.IO.Pipelines;

namespace RustyNode.Network.Protection;

/// <summary>
/// The input of a peer's secured channel as the muxer sees it: every byte the muxer consumes is
/// counted in the peer's statistics (PROT-3.1). Nothing here delays a read: budgets are charged
/// where the stream is known, in the muxer (PROT-2.2).
/// </summary>
internal sealed class CountingPipeReader : PipeReader
{
    private readonly PipeReader _inner;
    private readonly PeerState _state;
    private readonly TimeProvider _time;
    private ReadOnlySequence<byte> _last;

    public CountingPipeReader(PipeReader inner, PeerState state, TimeProvider time)
    {
        _inner = inner;
        _state = state;
        _time = time;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = _inner.ReadAsync(cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitReadAsync(pending);
        }

        var result = pending.Result;
        _last = result.Buffer;
        return new ValueTask<ReadResult>(result);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!_inner.TryRead(out result))
        {
            return false;
        }

        _last = result.Buffer;
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        var count = _last.Slice(_last.Start, consumed).Length;
        _last = default;
        _inner.AdvanceTo(consumed, examined);
        if (count > 0)
        {
            _state.RecordBytesIn(count, _time.GetTimestamp());
        }
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    private async ValueTask<ReadResult> AwaitReadAsync(ValueTask<ReadResult> pending)
    {
        var result = await pending;
        _last = result.Buffer;
        return result;
    }
}
