using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// One yamux session over one connection: a read loop that dispatches frames to streams, and a
/// serialized writer shared by all streams (specs/network/06-yamux.md).
/// </summary>
public sealed partial class YamuxSession : IMuxedConnection, IMuxerShedding
{
    private readonly PipeReader _input;
    private readonly bool _isInitiator;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<uint, YamuxStream> _streams = [];
    private readonly Lock _streamsLock = new();
    private readonly InboundStreamQueue _inbound;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource> _pings = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;

    private uint _nextStreamId;
    private int _openInbound;
    private uint _nextPingId;
    private long _windowGrowth;
    private volatile bool _remoteGoAway;
    private volatile bool _localGoAway;
    private volatile bool _disposing;
    private int _disposeStarted;

    internal YamuxSession(IDuplexPipe connection, bool isInitiator, ILogger logger, TimeProvider timeProvider, MuxerResources resources)
    {
        _budget = resources.Budget;
        _memory = resources.Memory;
        _inbound = new InboundStreamQueue(YamuxLimits.MaxAcceptBacklog, "The yamux session is closed.", _memory);
        _memory?.Attach(this);
        _input = connection.Input;
        _writer = new YamuxFrameWriter(this, connection.Output);
        _isInitiator = isInitiator;
        Logger = logger;
        _timeProvider = timeProvider;
        _nextStreamId = isInitiator ? 1u : 2u;
        _writer.Start();
        _readLoop = Task.Run(RunReadLoopAsync);
    }

    /// <inheritdoc />
    public Task Completion => _completion.Task;

    /// <inheritdoc />
    public int StreamCount
    {
        get
        {
            lock (_streamsLock)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>True on the dialing side (odd stream ids).</summary>
    public bool IsInitiator => _isInitiator;

    internal ILogger Logger { get; }

    /// <inheritdoc />
    public ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        YamuxStream stream;
        lock (_streamsLock)
        {
            if (_writer.IsClosing || _localGoAway)
            {
                throw new MuxerClosedException("The yamux session is closed.");
            }

            if (_remoteGoAway)
            {
                throw new MuxerClosedException("The remote sent go-away; no new streams may be opened.");
            }

            if (_nextStreamId > uint.MaxValue - 2)
            {
                throw new MuxerClosedException("The yamux session has used up its stream ids.");
            }

            stream = new YamuxStream(this, _nextStreamId, isOutbound: true);
            _streams.Add(stream.StreamId, stream);
            _nextStreamId += 2;

            // The SYN goes out as a window update of zero, ahead of any data the application
            // writes; queued under the lock so SYNs leave in id order.
            QueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Syn, stream.StreamId, 0));
        }
        return new ValueTask<IMuxedStream>(stream);
    }

    /// <inheritdoc />
    public async ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default)
    {
        var stream = (YamuxStream)await _inbound.DequeueAsync(cancellationToken);
        QueueControl(new YamuxHeader(YamuxFrameType.WindowUpdate, YamuxFlags.Ack, stream.StreamId, 0));
        return stream;
    }

    /// <summary>Sends a ping and waits for its answer.</summary>
    /// <returns>The round-trip time.</returns>
    /// <exception cref="MuxerClosedException">The session ended before the answer came.</exception>
    public async ValueTask<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        if (_writer.IsClosing)
        {
            throw new MuxerClosedException("The yamux session is closed.");
        }

        var id = Interlocked.Increment(ref _nextPingId);
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pings[id] = answer;
        try
        {
            var started = _timeProvider.GetTimestamp();
            QueueControl(new YamuxHeader(YamuxFrameType.Ping, YamuxFlags.Syn, 0, id));
            if (_writer.IsClosing)
            {
                throw new MuxerClosedException("The yamux session is closed.");
            }

            await answer.Task.WaitAsync(cancellationToken);
            return _timeProvider.GetElapsedTime(started);
        }
        finally
        {
            _pings.TryRemove(id, out _);
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        if (!_localGoAway && !_writer.IsClosing)
        {
            _localGoAway = true;
            QueueControl(new YamuxHeader(YamuxFrameType.GoAway, YamuxFlags.None, 0, (uint)YamuxGoAwayCode.Normal));
        }

        await DisposeAsync().AsTask().WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 0)
        {
            _disposing = true;
            _input.CancelPendingRead();
        }

        await _readLoop;
    }

    /// <summary>Called by a stream once both of its halves are done (finished or reset).</summary>
    internal void OnStreamClosed(YamuxStream stream)
    {
        lock (_streamsLock)
        {
            if (!_streams.Remove(stream.StreamId))
            {
                return;
            }

            // The remote may still send up to the stream's window in flight, but no stream holds it now.
            Interlocked.Add(ref _windowGrowth, YamuxLimits.InitialWindow - stream.ReceiveWindowSize);
            if (stream.IsOutbound)
            {
                return;
            }

            _openInbound--;
        }

        _inbound.ResetRefusals();
    }

    /// <summary>Takes up to <paramref name="wanted"/> bytes of receive-window growth from the session's budget.</summary>
    internal long ReserveWindowGrowth(long wanted)
    {
        while (true)
        {
            var used = Volatile.Read(ref _windowGrowth);
            var granted = Math.Min(wanted, YamuxLimits.MaxSessionWindowGrowth - used);
            if (granted <= 0)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref _windowGrowth, used + granted, used) == used)
            {
                return granted;
            }
        }
    }

    private List<YamuxStream> DetachAllStreams()
    {
        lock (_streamsLock)
        {
            var all = new List<YamuxStream>(_streams.Values);
            _streams.Clear();
            _openInbound = 0;
            return all;
        }
    }
}
