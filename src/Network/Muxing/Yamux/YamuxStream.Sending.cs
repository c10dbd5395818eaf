using System.Buffers;
using System.Runtime.CompilerServices;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>The send half: window accounting, data frames and FIN.</summary>
public sealed partial class YamuxStream
{
    /// <summary>
    /// Sends <paramref name="data"/> as data frames, waiting for send window as needed. Returns the
    /// number of bytes sent, which is less than the length only when CancelPendingFlush interrupted
    /// a wait for window.
    /// </summary>
    /// <exception cref="StreamResetException">The stream was reset or its connection closed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal async ValueTask<long> SendAsync(ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        long sent = 0;
        while (!data.IsEmpty)
        {
            var granted = TakeSendWindow(data.Length);
            if (granted == 0)
            {
                if (_output.ConsumeCancelRequest())
                {
                    return sent;
                }

                await _windowSignal.WaitAsync(cancellationToken);
                continue;
            }

            await _session.WriteDataAsync(StreamId, data.Slice(0, granted), cancellationToken);
            data = data.Slice(granted);
            sent += granted;
        }

        return sent;
    }

    /// <summary>Wakes a sender waiting for window (to notice a reset or a canceled flush).</summary>
    internal void WakeSender()
    {
        lock (_sync)
        {
            if (_windowSignal.CurrentCount == 0)
            {
                _windowSignal.Release();
            }
        }
    }

    /// <summary>Half-closes the send direction: queues a FIN once (later calls do nothing).</summary>
    internal void SendFin()
    {
        lock (_sync)
        {
            if (_sendState != HalfState.Open)
            {
                return;
            }

            _sendState = HalfState.Finished;
        }

        _session.QueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Fin, StreamId, 0));
        RemoveIfDone();
    }

    /// <summary>Throws when the send half can no longer carry data.</summary>
    internal void ThrowIfCannotSend()
    {
        lock (_sync)
        {
            ThrowIfCannotSendUnsynchronized();
        }
    }

    private long TakeSendWindow(long wanted)
    {
        lock (_sync)
        {
            ThrowIfCannotSendUnsynchronized();
            var granted = Math.Min(wanted, _sendWindow);
            _sendWindow -= granted;
            return granted;
        }
    }

    private void ThrowIfCannotSendUnsynchronized()
    {
        switch (_sendState)
        {
            case HalfState.Reset:
                throw new StreamResetException($"Yamux stream {StreamId} was reset.", _sendResetReason);
            case HalfState.Finished:
                throw new InvalidOperationException($"Yamux stream {StreamId} is closed for writing.");
        }
    }
}
