using System.Buffers;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The write side. Every frame goes through one lock onto the connection's writer, so frames of
/// many streams never interleave (see <see cref="YamuxFrameWriter"/>). Control frames (SYN, ACK,
/// FIN, RST, window updates, pings, go-away) are queued by whoever produces them (the read loop
/// never waits on the connection) and written by a small loop, or by the next data writer that
/// holds the lock, ahead of its data.
/// </summary>
public sealed partial class YamuxSession
{
    private readonly YamuxFrameWriter _writer;
    private int _pendingPingAnswers;

    /// <summary>Queues a control frame; it is written before any data frame written after this call.</summary>
    internal void QueueControl(YamuxHeader header) => _writer.QueueControl(header);

    /// <summary>Writes <paramref name="data"/> as data frames of at most 64 KiB, then flushes once.</summary>
    /// <exception cref="StreamResetException">The connection is closed.</exception>
    internal ValueTask WriteDataAsync(uint streamId, ReadOnlySequence<byte> data, CancellationToken cancellationToken) =>
        _writer.WriteDataAsync(streamId, data, cancellationToken);

    /// <summary>A queued ping answer left the queue: it no longer counts against the bound.</summary>
    internal void OnPingAnswerDequeued() => Interlocked.Decrement(ref _pendingPingAnswers);

    /// <summary>Ends the session once the read loop has stopped: streams, accept queue, pings, writer.</summary>
    private async Task TeardownAsync()
    {
        lock (_streamsLock)
        {
            _writer.MarkClosing();
        }

        foreach (var stream in DetachAllStreams())
        {
            stream.OnSessionEnded();
        }

        _inbound.Complete();
        await StopCreditPumpAsync();

        foreach (var ping in _pings.Values)
        {
            ping.TrySetException(new MuxerClosedException("The yamux session closed before the ping was answered."));
        }

        await _writer.CompleteAsync();
    }
}
