using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// One mplex session over one connection: a read loop that dispatches frames to streams, and a
/// serialized writer shared by all streams (specs/network/07-mplex.md).
/// </summary>
public sealed partial class MplexSession : IMuxedConnection, IMuxerShedding
{
    private readonly PipeReader _input;
    private readonly Dictionary<(long Id, bool Outbound), MplexStream> _streams = [];
    private readonly Lock _streamsLock = new();
    private readonly InboundStreamQueue _inbound;
    private readonly IInboundBudget? _budget;
    private readonly IMuxerMemory? _memory;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _readLoop;
    private readonly MplexOptions _options;
    private readonly CancellationTokenSource _shutdown = new();

    private long _nextStreamId;
    private int _openInbound;
    private volatile bool _disposing;
    private int _disposeStarted;

    internal MplexSession(IDuplexPipe connection, bool isInitiator, MplexOptions options, ILogger logger, MuxerResources resources)
    {
        _budget = resources.Budget;
        _memory = resources.Memory;
        _inbound = new InboundStreamQueue(MplexLimits.MaxAcceptBacklog, "The mplex session is closed.", _memory);
        _memory?.Attach(this);
        _options = options;
        _input = connection.Input;
        _writer = new MplexFrameWriter(connection.Output);
        IsInitiator = isInitiator;
        Logger = logger;
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

    /// <summary>True on the dialing side.</summary>
    public bool IsInitiator { get; }

    internal ILogger Logger { get; }

    /// <summary>The connection's memory budget, or null.</summary>
    internal IMuxerMemory? Memory => _memory;

    /// <inheritdoc />
    public ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        MplexStream stream;
        lock (_streamsLock)
        {
            if (_writer.IsClosing)
            {
                throw new MuxerClosedException("The mplex session is closed.");
            }

            if (_nextStreamId > MplexLimits.MaxStreamId)
            {
                throw new MuxerClosedException("The mplex session has used up its stream ids.");
            }

            stream = new MplexStream(this, _nextStreamId++, isOutbound: true);
            _streams.Add((stream.Id, true), stream);
        }

        QueueControl(stream.Id, MplexFlag.NewStream);
        return new ValueTask<IMuxedStream>(stream);
    }

    /// <inheritdoc />
    public ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default) =>
        _inbound.DequeueAsync(cancellationToken);

    /// <summary>Mplex has no go-away: closing ends the connection, resetting open streams.</summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default) =>
        await DisposeAsync().AsTask().WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 0)
        {
            _disposing = true;
            _shutdown.Cancel();
            _input.CancelPendingRead();
        }

        await _readLoop;
    }

    /// <inheritdoc />
    public (long Bytes, int Streams) ShedBuffered(long bytes)
    {
        List<MplexStream> remoteOpened;
        lock (_streamsLock)
        {
            remoteOpened = _streams.Values.Where(s => !s.IsOutbound).ToList();
        }

        var largestFirst = remoteOpened.Select(s => (Stream: s, Bytes: s.AccountedMemory)).Where(e => e.Bytes > 0).OrderByDescending(e => e.Bytes);
        long released = 0;
        var count = 0;
        foreach (var (stream, held) in largestFirst)
        {
            if (released >= bytes)
            {
                break;
            }

            stream.Reset();
            released += held;
            count++;
        }

        return (released, count);
    }

    /// <inheritdoc />
    public int ShedPending(int count) => _inbound.Shed(count);

    /// <summary>Called by a stream once both of its halves are done (closed or reset).</summary>
    internal void OnStreamClosed(MplexStream stream)
    {
        lock (_streamsLock)
        {
            if (!_streams.Remove((stream.Id, stream.IsOutbound)) || stream.IsOutbound)
            {
                return;
            }

            _openInbound--;
        }

        _inbound.ResetRefusals();
    }

    private List<MplexStream> DetachAllStreams()
    {
        lock (_streamsLock)
        {
            var all = new List<MplexStream>(_streams.Values);
            _streams.Clear();
            _openInbound = 0;
            return all;
        }
    }
}
