using System.Buffers;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// The write side. Every frame goes through one lock onto the connection's writer (see
/// <see cref="MplexFrameWriter"/>). Control frames (new stream, close, reset) are queued by
/// whoever produces them (the read loop never waits on the connection) and written by a small
/// loop, or by the next data writer, ahead of its data.
/// </summary>
public sealed partial class MplexSession
{
    private readonly MplexFrameWriter _writer;

    /// <summary>Queues a payload-less control frame (a new stream carries its id as its name).</summary>
    internal void QueueControl(long id, MplexFlag flag) => _writer.QueueControl((id, flag));

    /// <summary>Writes <paramref name="data"/> as message frames of at most 64 KiB, then flushes once.</summary>
    /// <exception cref="StreamResetException">The connection is closed.</exception>
    internal ValueTask WriteDataAsync(long id, MplexFlag flag, ReadOnlySequence<byte> data, CancellationToken cancellationToken) =>
        _writer.WriteDataAsync((id, flag), data, cancellationToken);

    /// <summary>Ends the session once the read loop has stopped: streams, accept queue, writer.</summary>
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

        await _writer.CompleteAsync();
    }
}
