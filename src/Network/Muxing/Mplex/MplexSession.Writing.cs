using System.Buffers;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// The write side. Every frame goes through one lock onto the connection's writer. Control frames
/// (new stream, close, reset) are queued by whoever produces them (the read loop never waits on
/// the connection) and written by a small loop, or by the next data writer, ahead of its data.
/// </summary>
public sealed partial class MplexSession
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<(long Id, MplexFlag Flag)> _control = Channel.CreateUnbounded<(long Id, MplexFlag Flag)>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly Task _controlLoop;
    private volatile bool _closing;
    private bool _outputClosed;

    /// <summary>Queues a payload-less control frame (a new stream carries its id as its name).</summary>
    internal void QueueControl(long id, MplexFlag flag) => _control.Writer.TryWrite((id, flag));

    /// <summary>Writes <paramref name="data"/> as message frames of at most 64 KiB, then flushes once.</summary>
    /// <exception cref="StreamResetException">The connection is closed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask WriteDataAsync(long id, MplexFlag flag, ReadOnlySequence<byte> data, CancellationToken cancellationToken)
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
                var length = (int)Math.Min(data.Length, MplexLimits.MaxDataFramePayload);
                new MplexFrameHeader(id, flag, length).Write(_output);
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
        Span<byte> name = stackalloc byte[20];
        while (_control.Reader.TryRead(out var frame))
        {
            if (_outputClosed)
            {
                continue;
            }

            var nameLength = 0;
            if (frame.Flag == MplexFlag.NewStream && !frame.Id.TryFormat(name, out nameLength, provider: System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("A stream id always fits in 20 digits.");
            }

            new MplexFrameHeader(frame.Id, frame.Flag, nameLength).Write(_output);
            _output.Write(name[..nameLength]);
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

    /// <summary>Ends the session once the read loop has stopped: streams, accept queue, writer.</summary>
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
