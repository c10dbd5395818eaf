using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Multistream;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Security.Noise;
using RustyNode.Network.Transport;

namespace RustyNode.Network.Swarm;

/// <summary>
/// Owns transports, listeners, dials and live connections, and composes behaviours: each inbound
/// stream is negotiated against the protocols the behaviours declare and handed to the one that
/// serves it. The application reads one ordered stream of <see cref="Events"/>.
/// Behaviours that also implement <see cref="IConnectionGate"/>, <see cref="ITrafficLimiter"/> or
/// <see cref="IPeerReputation"/> or <see cref="IResourceManager"/> are consulted as swarm-level
/// components: gates before the upgrade and after the handshake, limiters around each
/// connection's secured channel, in its muxer and at each inbound stream, reputations when a peer
/// misbehaves, the resource manager in each connection's muxer.
/// </summary>
public sealed partial class Swarm : ISwarmContext, IAsyncDisposable
{
    private readonly SwarmOptions _options;
    private readonly ILogger _logger;
    private readonly ITransport[] _transports;
    private readonly ConnectionUpgrader _upgrader;
    private readonly IReadOnlyList<INetworkBehaviour> _behaviours;
    private readonly FrozenDictionary<string, INetworkBehaviour> _handlers;
    private readonly ConcurrentDictionary<long, Connection> _connections = new();
    private readonly List<ITransportListener> _listeners = [];
    private readonly List<Task> _loops = [];
    private readonly Channel<SwarmEvent> _events = Channel.CreateBounded<SwarmEvent>(
        new BoundedChannelOptions(SwarmLimits.MaxPendingEvents) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _pendingInbound;
    private readonly IConnectionGate[] _gates;
    private readonly ITrafficLimiter[] _limiters;
    private readonly IPeerReputation[] _reputations;
    private readonly IResourceManager[] _resources;

    /// <summary>multistream-select's own deadline, on the swarm's clock like every other timeout of the swarm.</summary>
    private readonly MultistreamOptions _negotiation;
    private long _nextConnectionId;
    private int _disposed;

    /// <param name="identity">Our identity key.</param>
    /// <param name="options">Settings (validated here).</param>
    /// <param name="behaviours">The protocols this node speaks; their protocol ids must not overlap.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public Swarm(Ed25519PrivateKey identity, SwarmOptions options, IEnumerable<INetworkBehaviour> behaviours, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _options = options;
        LocalKey = identity;
        LocalPeerId = PeerId.FromPublicKey(identity.PublicKey);
        LoggerFactory = loggerFactory;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger<Swarm>();
        _transports = CreateTransports(loggerFactory);
        _negotiation = new MultistreamOptions { TimeProvider = TimeProvider };
        _upgrader = new ConnectionUpgrader(
            new NoiseSecurity(identity), options.Muxers.Select(m => CreateMuxer(m, loggerFactory, TimeProvider)).ToArray(), _negotiation);
        _pendingInbound = new SemaphoreSlim(options.MaxPendingInboundUpgrades);
        _behaviours = behaviours.ToArray();
        var handlers = new Dictionary<string, INetworkBehaviour>(StringComparer.Ordinal);
        foreach (var behaviour in _behaviours)
        {
            foreach (var protocol in behaviour.Protocols)
            {
                if (!handlers.TryAdd(protocol, behaviour))
                {
                    throw new ArgumentException($"Two behaviours claim protocol '{protocol}'.", nameof(behaviours));
                }
            }
        }

        _handlers = handlers.ToFrozenDictionary(StringComparer.Ordinal);
        _gates = _behaviours.OfType<IConnectionGate>().ToArray();
        _limiters = _behaviours.OfType<ITrafficLimiter>().ToArray();
        _reputations = _behaviours.OfType<IPeerReputation>().ToArray();
        _resources = _behaviours.OfType<IResourceManager>().ToArray();
        SupportedProtocols = _handlers.Keys;
        foreach (var behaviour in _behaviours)
        {
            behaviour.Attach(this);
        }
    }

    /// <inheritdoc />
    public PeerId LocalPeerId { get; }

    /// <inheritdoc />
    public Ed25519PrivateKey LocalKey { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> SupportedProtocols { get; }

    /// <inheritdoc />
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public ILoggerFactory LoggerFactory { get; }

    /// <inheritdoc />
    public IReadOnlyList<Multiaddr> ListenAddresses
    {
        get
        {
            lock (_listeners)
            {
                return _listeners.Select(l => l.ListenAddress).ToArray();
            }
        }
    }

    /// <summary>
    /// The application's ordered event stream. An application that falls more than
    /// <see cref="SwarmLimits.MaxPendingEvents"/> events behind loses the oldest (CONN-3.3).
    /// </summary>
    public ChannelReader<SwarmEvent> Events => _events.Reader;

    /// <summary>All live connections.</summary>
    public IReadOnlyCollection<Connection> Connections => _connections.Values.ToArray();

    /// <summary>Starts listening on every configured address.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var address in _options.ListenAddresses)
        {
            var listener = await TransportFor(address, listen: true).ListenAsync(address, cancellationToken);
            lock (_listeners)
            {
                _listeners.Add(listener);
                _loops.Add(AcceptLoopAsync(listener));
            }

            Log.Listening(_logger, listener.ListenAddress);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Connection> GetConnections(PeerId peer) =>
        _connections.Values.Where(c => c.RemotePeer == peer).ToArray();

    /// <inheritdoc />
    public void Publish(SwarmEvent swarmEvent)
    {
        foreach (var behaviour in _behaviours)
        {
            behaviour.OnSwarmEvent(swarmEvent);
        }

        _events.Writer.TryWrite(swarmEvent);
    }

    /// <inheritdoc />
    public void ReportPeer(PeerId peer, string reason, double weight)
    {
        foreach (var reputation in _reputations)
        {
            reputation.Report(peer, reason, weight);
        }
    }

    /// <inheritdoc />
    public void RequestProtocolLimit(string protocol, double messagesPerSecond, double burst)
    {
        foreach (var limiter in _limiters)
        {
            limiter.RequestProtocolLimit(protocol, messagesPerSecond, burst);
        }
    }

    /// <inheritdoc />
    public async ValueTask AcquireInboundMessageAsync(PeerId peer, string protocol, CancellationToken cancellationToken)
    {
        foreach (var limiter in _limiters)
        {
            await limiter.AcquireAsync(peer, null, cancellationToken);
            await limiter.AcquireAsync(peer, protocol, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task DisconnectAsync(PeerId peer)
    {
        foreach (var connection in GetConnections(peer))
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Closes listeners and connections and awaits every loop. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        ITransportListener[] listeners;
        Task[] loops;
        lock (_listeners)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            await listener.DisposeAsync();
        }

        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync();
        }

        lock (_listeners)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _events.Writer.TryComplete();
        _shutdown.Dispose();
        _pendingInbound.Dispose();
    }

    private static IStreamMuxer CreateMuxer(string name, ILoggerFactory loggerFactory, TimeProvider timeProvider) => name switch
    {
        "yamux" => new YamuxMuxer(loggerFactory.CreateLogger<YamuxMuxer>(), timeProvider),
        "mplex" => new MplexMuxer(new MplexOptions { TimeProvider = timeProvider }, loggerFactory.CreateLogger<MplexMuxer>()),
        _ => throw new ArgumentException($"Unknown muxer '{name}'.", nameof(name)),
    };

    private void TrackLoop(Task loop)
    {
        lock (_listeners)
        {
            _loops.RemoveAll(t => t.IsCompleted);
            _loops.Add(loop);
        }
    }
}
