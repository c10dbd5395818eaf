using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RustyNode.Network.Muxing;

/// <summary>
/// A session's inbound streams waiting for AcceptStreamAsync, shared by yamux and mplex: the queue,
/// the count of streams not yet accepted (bounded by the muxer's accept backlog and by the
/// connection's memory budget, RCM-2), and the count of streams refused in a row (a peer that
/// keeps opening streams beyond our limits is cut off).
/// </summary>
internal sealed class InboundStreamQueue
{
    private readonly Channel<IMuxedStream> _accepted = Channel.CreateUnbounded<IMuxedStream>(
        new UnboundedChannelOptions { SingleWriter = true });
    private readonly int _maxBacklog;
    private readonly string _closedMessage;
    private readonly IMuxerMemory? _memory;
    private int _backlog;
    private int _consecutiveRefusals;

    /// <param name="maxBacklog">Streams that may wait unaccepted before new ones are refused.</param>
    /// <param name="closedMessage">The message of the exception AcceptStreamAsync throws once the session closed.</param>
    /// <param name="memory">The connection's memory budget, which also counts waiting streams; none when null.</param>
    public InboundStreamQueue(int maxBacklog, string closedMessage, IMuxerMemory? memory)
    {
        _maxBacklog = maxBacklog;
        _closedMessage = closedMessage;
        _memory = memory;
    }

    /// <summary>
    /// Takes room for one more waiting stream: false when the backlog is full or the memory budget
    /// refuses (the caller then refuses the stream). A true answer must be followed by <see cref="Enqueue"/>.
    /// </summary>
    public bool TryReserve() => Volatile.Read(ref _backlog) < _maxBacklog && (_memory?.TryAddPendingStream() ?? true);

    /// <summary>Queues a new inbound stream for the application, after <see cref="TryReserve"/>.</summary>
    public void Enqueue(IMuxedStream stream)
    {
        Interlocked.Increment(ref _backlog);
        _accepted.Writer.TryWrite(stream);
    }

    /// <summary>Waits for the next inbound stream; accepting one ends a run of refusals.</summary>
    /// <exception cref="MuxerClosedException">The session is closed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<IMuxedStream> DequeueAsync(CancellationToken cancellationToken)
    {
        IMuxedStream stream;
        try
        {
            stream = await _accepted.Reader.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new MuxerClosedException(_closedMessage, ex);
        }

        Taken();
        Volatile.Write(ref _consecutiveRefusals, 0);
        return stream;
    }

    /// <summary>Resets and drops up to <paramref name="count"/> waiting streams, oldest first (RCM-3.3); returns how many.</summary>
    public int Shed(int count)
    {
        var shed = 0;
        while (shed < count && _accepted.Reader.TryRead(out var stream))
        {
            Taken();
            stream.Reset();
            shed++;
        }

        return shed;
    }

    /// <summary>Counts one more refused stream; returns how many were refused in a row.</summary>
    public int CountRefusal() => Interlocked.Increment(ref _consecutiveRefusals);

    /// <summary>A stream closed, making room: the run of refusals ends.</summary>
    public void ResetRefusals() => Volatile.Write(ref _consecutiveRefusals, 0);

    /// <summary>Closes the queue at teardown; streams never accepted are dropped (they are already reset).</summary>
    public void Complete()
    {
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out _))
        {
            // Streams never accepted are already reset; AcceptStreamAsync now reports the close.
            Taken();
        }
    }

    private void Taken()
    {
        Interlocked.Decrement(ref _backlog);
        _memory?.RemovePendingStream();
    }
}
