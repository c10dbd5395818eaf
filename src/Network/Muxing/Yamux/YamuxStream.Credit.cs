namespace RustyNode.Network.Muxing.Yamux;

/// <summary>The receive half's window credit (YMX-3.2, YMX-3.6, PROT-2.3) and memory accounting (RCM-1.3).</summary>
public sealed partial class YamuxStream
{
    /// <summary>Grants credit held back while the remote owed bytes (called once its budget is repaid).</summary>
    internal void ReleaseDeferredCredit()
    {
        lock (_sync)
        {
            _creditDeferred = false;
            CreditUnsynchronized(0, force: true);
        }
    }

    private void CreditUnsynchronized(long bytes, bool force)
    {
        _pendingCredit += bytes;
        if (_receiveState != HalfState.Open || _pendingCredit == 0 || (!force && _pendingCredit < _windowSize / 2))
        {
            return;
        }

        // The remote opened this stream and owes bytes: hold the credit until its budget is repaid,
        // so flow control slows it (PROT-2.3). Credit on our own streams is never held back.
        var budget = _session.Budget;
        if (!IsOutbound && budget is { IsOverByteBudget: true })
        {
            if (!_creditDeferred)
            {
                _creditDeferred = true;
                _session.DeferCredit(this);
            }

            return;
        }

        // A reader that consumes everything it is given is waiting on the network: the window,
        // not the reader, limits throughput, so grow it (doubling, within the session's budget and
        // the memory budget). A stream the remote opened under a byte budget keeps its initial
        // window: the budget, not the window, sets its pace (YMX-3.6).
        if (_readerKeepsUp && !_inputCompleted && _windowSize < YamuxLimits.MaxStreamWindow && (IsOutbound || budget is not { LimitsBytes: true }))
        {
            var wanted = Math.Min(_windowSize, YamuxLimits.MaxStreamWindow - _windowSize);
            if (_session.Memory?.MayGrowWindow(wanted) ?? true)
            {
                var growth = _session.ReserveWindowGrowth(wanted);
                _windowSize += growth;
                _pendingCredit += growth;
            }
        }

        var delta = (uint)_pendingCredit;
        _pendingCredit = 0;
        _receiveWindow += delta;
        _session.QueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.None, StreamId, delta));
    }

    /// <summary>
    /// Charges the connection's memory budget with what the buffered bytes hold, in whole pool
    /// blocks (a one-byte payload still holds a block); nothing once the bytes can no longer be read.
    /// </summary>
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
}
