using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The write side. Every frame goes through one lock onto the connection's writer, so frames of
/// many streams never interleave. Control frames (SYN, ACK, FIN, RST, window updates, pings,
/// go-away) are queued by whoever produces them (the read loop never waits on the connection) and
/// written by a small loop, or by the next data writer that holds the lock, ahead of its data.
/// </summary>
public sealed partial class YamuxSession
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<YamuxHeader> _control = Channel.CreateUnbounded<YamuxHeader>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly Task _controlLoop;
    private int _pendingPingAnswers;
    private volatile bool _closing;
    private bool _outputClosed;

    /// <summary>Queues a control frame; it is written before any data frame written after this call.</summary>
    internal void QueueControl(YamuxHeader header) => _control.Writer.TryWrite(header);

    /// <summary>Writes <paramref name="data"/> as data frames of at most 64 KiB, then flushes once.</summary>
    /// <exception cref="StreamResetException">The connection is closed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask WriteDataAsync(uint streamId, ReadOnlySequence<byte> data, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_closing || _outputClosed)
            {
                throw new StreamResetException("The multiplexed connection closed.");
            }

            WritePendingControlFrames();
            while (!data.IsEmpty)
            {
                var length = (int)Math.Min(data.Length, YamuxLimits.MaxDataFramePayload);
                new YamuxHeader(YamuxFrameType.Data, YamuxFlags.None, streamId, (uint)length).Write(_output);
                foreach (var segment in data.Slice(0, length))
                {
                    _output.Write(segment.Span);
                }

                data = data.Slice(length);
            }

            var flush = await _output.FlushAsync(cancellationToken);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                _outputClosed = flush.IsCompleted;
                throw new StreamResetException("The multiplexed connection closed.");
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void WritePendingControlFrames()
    {
        while (_control.Reader.TryRead(out var header))
        {
            if (header.Type == YamuxFrameType.Ping && header.Flags == YamuxFlags.Ack)
            {
                Interlocked.Decrement(ref _pendingPingAnswers);
            }

            if (!_outputClosed)
            {
                header.Write(_output);
            }
        }
    }

    private async Task RunControlWriterAsync()
    {
        while (await _control.Reader.WaitToReadAsync())
        {
            await _writeLock.WaitAsync();
            try
            {
                WritePendingControlFrames();
                if (_closing || _outputClosed)
                {
                    // Teardown commits what was written when it completes the writer.
                    continue;
                }

                var flush = await _output.FlushAsync();
                _outputClosed = flush.IsCompleted;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
            {
                // The connection failed; the read loop sees it too and tears the session down.
                _outputClosed = true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
    }

    /// <summary>Ends the session once the read loop has stopped: streams, accept queue, pings, writer.</summary>
    private async Task TeardownAsync()
    {
        lock (_streamsLock)
        {
            _closing = true;
        }

        foreach (var stream in DetachAllStreams())
        {
            stream.OnSessionEnded();
        }

        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out _))
        {
            // Streams never accepted are already reset; AcceptStreamAsync now reports the close.
        }

        foreach (var ping in _pings.Values)
        {
            ping.TrySetException(new MuxerClosedException("The yamux session closed before the ping was answered."));
        }

        // Unblock a writer stuck on backpressure, let the control loop write what is queued (a
        // go-away, say), then complete the connection's writer, which commits those bytes.
        _control.Writer.TryComplete();
        _output.CancelPendingFlush();
        await _controlLoop;
        await _writeLock.WaitAsync();
        try
        {
            WritePendingControlFrames();
            _outputClosed = true;
            await _output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection is already broken; there is nothing left to tell the remote.
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
