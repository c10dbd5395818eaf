using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace RustyNode.Network.Muxing;

/// <summary>
/// A session's inbound streams waiting for AcceptStreamAsync, shared by yamux and mplex: the queue,
/// the count of streams not yet accepted (bounded by the muxer's accept backlog), and the count of
/// streams refused in a row (a peer that keeps opening streams beyond our limits is cut off).
/// </summary>
internal sealed class InboundStreamQueue
{
    private readonly Channel<IMuxedStream> _accepted = Channel.CreateUnbounded<IMuxedStream>(
        new UnboundedChannelOptions { SingleWriter = true });
    private readonly int _maxBacklog;
    private readonly string _closedMessage;
    private int _backlog;
    private int _consecutiveRefusals;

    /// <param name="maxBacklog">Streams that may wait unaccepted before new ones are refused.</param>
    /// <param name="closedMessage">The message of the exception AcceptStreamAsync throws once the session closed.</param>
    public InboundStreamQueue(int maxBacklog, string closedMessage)
    {
        _maxBacklog = maxBacklog;
        _closedMessage = closedMessage;
    }

    /// <summary>True when as many streams wait unaccepted as the backlog allows.</summary>
    public bool IsBacklogFull => Volatile.Read(ref _backlog) >= _maxBacklog;

    /// <summary>Queues a new inbound stream for the application.</summary>
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

        Interlocked.Decrement(ref _backlog);
        Volatile.Write(ref _consecutiveRefusals, 0);
        return stream;
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
        }
    }
}
