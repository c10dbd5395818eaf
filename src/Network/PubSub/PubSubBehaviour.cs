using Microsoft.Extensions.Logging;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.PubSub;

/// <summary>
/// Pubsub as a swarm behaviour (specs/network/18-pubsub.md PS-1, PS-6): for each connected peer
/// one long-lived outbound stream on which we write length-prefixed RPCs, and the peer's inbound
/// stream, whose RPCs are charged to the peer's budget and handed to the <see cref="Router"/>.
/// </summary>
public sealed partial class PubSubBehaviour : INetworkBehaviour, IPubSubHost, IAsyncDisposable
{
    /// <summary>
    /// Inbound RPC frames per second we ask the swarm to allow a peer on each pubsub protocol
    /// (PS-7.1): our writers batch a backlog into large frames, so a full-speed mesh needs few
    /// frames; a peer that sends one frame per message (js-libp2p) may still send this many.
    /// </summary>
    public const double FramesPerSecond = 1000;

    /// <summary>Burst of <see cref="FramesPerSecond"/>.</summary>
    public const double FrameBurst = 2000;

    /// <summary>Pause before a new stream replaces one that ended while the peer stayed connected.</summary>
    private static readonly TimeSpan WriterRestartDelay = TimeSpan.FromSeconds(1);

    private readonly PubSubOptions _options;
    private readonly Random? _random;
    private readonly Lock _lock = new();
    private readonly Dictionary<PeerId, Writer> _writers = [];
    private readonly SemaphoreSlim _exchangeDials = new(PubSubLimits.MaxPendingPeerExchangeDials);
    private ISwarmContext? _swarm;
    private PubSubRouter? _router;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private int _disposed;

    /// <param name="options">Router settings; defaults when null.</param>
    /// <param name="random">Peer selection randomness (tests pass a seeded one).</param>
    public PubSubBehaviour(PubSubOptions? options = null, Random? random = null)
    {
        _options = options ?? new PubSubOptions();
        _options.Validate();
        _random = random;
        Protocols = _options.Router == PubSubRouterKind.Floodsub
            ? [PubSubProtocolIds.Floodsub]
            : [PubSubProtocolIds.Meshsub12, PubSubProtocolIds.Meshsub11, PubSubProtocolIds.Meshsub10, PubSubProtocolIds.Floodsub];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; }

    /// <summary>The router: subscribe, publish, register topics.</summary>
    /// <exception cref="InvalidOperationException">Before the behaviour is attached to a swarm.</exception>
    public PubSubRouter Router => _router ?? throw new InvalidOperationException("The pubsub behaviour is not attached to a swarm.");

    private ISwarmContext Swarm => _swarm ?? throw new InvalidOperationException("The pubsub behaviour is not attached to a swarm.");

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<PubSubBehaviour>();
        _router = new PubSubRouter(_options, swarm.LocalKey, this, swarm.TimeProvider, swarm.LoggerFactory.CreateLogger<PubSubRouter>(), _random);
        foreach (var protocol in Protocols)
        {
            swarm.RequestProtocolLimit(protocol, FramesPerSecond, FrameBurst);
        }

        _router.Start();
    }

    /// <inheritdoc />
    public async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var protocol = PubSubProtocolIds.Parse(stream.Protocol) ?? throw new PubSubProtocolException($"Not a pubsub protocol: {stream.Protocol}.");
        var peer = stream.Peer;
        Router.AddPeer(peer, protocol, stream.Connection.Direction == ConnectionDirection.Outbound, IpOf(stream.Connection));
        try
        {
            await ReadRpcsAsync(stream, peer, cancellationToken);
        }
        catch (Exception ex) when ((ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            || ex is MuxerClosedException || (ex is StreamResetException && stream.Connection.Completion.IsCompleted))
        {
            // The node or the connection is closing: the end of the stream, not a fault of the peer.
            Log.PubSubStreamEnded(_logger, peer, ex.Message);
        }
    }

    private async Task ReadRpcsAsync(ProtocolStream stream, PeerId peer, CancellationToken cancellationToken)
    {
        var reader = stream.Input;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            PubSubRpc? rpc = null;
            try
            {
                if (PubSubRpcCodec.TryReadFrame(ref buffer, PubSubLimits.MaxConfigurableMessageSize, out var frame, out _))
                {
                    rpc = frame;
                }
                else if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new PubSubProtocolException($"{peer} ended its pubsub stream inside an RPC ({buffer.Length} bytes of it).");
                    }

                    Log.PubSubStreamEnded(_logger, peer, "closed by the peer");
                    return;
                }
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, rpc is null ? buffer.End : buffer.Start);
            }

            if (rpc is not null)
            {
                // Each RPC frame is one inbound message of the protocol (PS-7.1).
                await Swarm.AcquireInboundMessageAsync(peer, stream.Protocol, cancellationToken);
                await Router.HandleRpcAsync(peer, rpc, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_disposed != 0 || _router is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_writers.ContainsKey(connection.RemotePeer))
            {
                return;
            }

            var writer = new Writer();
            _writers[connection.RemotePeer] = writer;
            writer.Task = RunWriterAsync(connection, writer, writer.Cancellation.Token);
            BackgroundTask.Forget(writer.Task, _logger, "pubsub writer");
        }
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_swarm is null || _swarm.GetConnections(connection.RemotePeer).Count > 0)
        {
            return;
        }

        Writer? writer;
        lock (_lock)
        {
            _writers.Remove(connection.RemotePeer, out writer);
        }

        _router?.RemovePeer(connection.RemotePeer);
        writer?.Cancellation.Cancel();
    }

    /// <inheritdoc />
    void IPubSubHost.ReportPeer(PeerId peer, string reason, double weight) => _swarm?.ReportPeer(peer, reason, weight);

    /// <inheritdoc />
    void IPubSubHost.ConnectToExchangedPeers(PeerId from, IReadOnlyList<PeerExchangeInfo> peers)
    {
        foreach (var info in peers)
        {
            if (info.SignedPeerRecord is { } envelope && _exchangeDials.Wait(0))
            {
                BackgroundTask.Forget(DialExchangedAsync(from, info, envelope), _logger, "pubsub peer exchange dial");
            }
        }
    }

    /// <summary>Stops the router and every writer. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Writer[] writers;
        lock (_lock)
        {
            writers = [.. _writers.Values];
            _writers.Clear();
        }

        foreach (var writer in writers)
        {
            await writer.Cancellation.CancelAsync();
        }

        if (_router is not null)
        {
            await _router.DisposeAsync();
        }

        await Task.WhenAll(writers.Select(w => w.Task)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var writer in writers)
        {
            writer.Cancellation.Dispose();
        }
    }

    private static string? IpOf(Connection connection) =>
        connection.RemoteAddress.TryGetIPEndPoint(out var endPoint) ? endPoint!.Address.ToString() : null;

    private sealed class Writer
    {
        public CancellationTokenSource Cancellation { get; } = new();

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
