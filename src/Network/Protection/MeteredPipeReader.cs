using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Protection;

/// <summary>
/// The input of a peer's secured channel as the muxer sees it: every consumed byte is charged to
/// the peer's byte bucket, and while the bucket is in debt a read that has data for the muxer
/// waits before returning it (PROT-2.3). The muxer stops reading, the pipes fill, and TCP pushes
/// back on the peer.
/// </summary>
internal sealed class MeteredPipeReader : PipeReader
{
    private readonly PipeReader _inner;
    private readonly PeerProtection _owner;
    private readonly PeerState _state;
    private readonly Identity.PeerId _peer;
    private ReadOnlySequence<byte> _last;

    public MeteredPipeReader(PipeReader inner, PeerProtection owner, PeerState state, Identity.PeerId peer)
    {
        _inner = inner;
        _owner = owner;
        _state = state;
        _peer = peer;
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var pending = _inner.ReadAsync(cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitReadAsync(pending, cancellationToken);
        }

        var result = pending.Result;
        _last = result.Buffer;
        var wait = _owner.ByteDebt(_state);
        return wait == 0 || result.Buffer.IsEmpty ? new ValueTask<ReadResult>(result) : WaitThenReturnAsync(result, wait, cancellationToken);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (_owner.ByteDebt(_state) > 0 || !_inner.TryRead(out result))
        {
            result = default;
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
            _owner.ChargeBytes(_state, count);
        }
    }

    public override void CancelPendingRead() => _inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => _inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => _inner.CompleteAsync(exception);

    // Pooled: a read that waits for data is the common case, and it must not allocate per read.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> AwaitReadAsync(ValueTask<ReadResult> pending, CancellationToken cancellationToken)
    {
        var result = await pending;
        _last = result.Buffer;
        var wait = _owner.ByteDebt(_state);
        if (wait > 0 && !result.Buffer.IsEmpty)
        {
            await _owner.ThrottleAsync(_peer, _state, wait, cancellationToken);
        }

        return result;
    }

    private async ValueTask<ReadResult> WaitThenReturnAsync(ReadResult result, long wait, CancellationToken cancellationToken)
    {
        await _owner.ThrottleAsync(_peer, _state, wait, cancellationToken);
        return result;
    }
}
