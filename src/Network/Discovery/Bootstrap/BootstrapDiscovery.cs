using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Discovery.Bootstrap;

/// <summary>
/// Joins the DHT through the bootstrap peers and keeps discovering peers while the node has fewer
/// connections than the connection manager wants (specs/network/22-resources.md, RES-4): every
/// peer the DHT or mDNS discovers goes into the peer store, which the connection manager dials
/// from. Composed into the swarm to hear discoveries; serves no protocol.
/// </summary>
public sealed class BootstrapDiscovery : INetworkBehaviour, IAsyncDisposable
{
    private readonly BootstrapOptions _options;
    private readonly KademliaBehaviour _kad;
    private readonly ConnectionManager _connections;
    private readonly PeerStore _store;
    private readonly PeerProtection? _protection;
    private readonly CancellationTokenSource _stopping = new();
    private ISwarmContext? _swarm;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private Task _loop = Task.CompletedTask;
    private long _discovered;
    private int _disposed;

    public BootstrapDiscovery(BootstrapOptions options, KademliaBehaviour kad, ConnectionManager connections, PeerStore store, PeerProtection? protection = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(kad);
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        _options = options;
        _kad = kad;
        _connections = connections;
        _store = store;
        _protection = protection;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [];

    /// <summary>True once the node has looked itself up through a first DHT peer.</summary>
    public bool Joined { get; private set; }

    /// <summary>Peers added to the peer store from discoveries.</summary>
    public long Discovered => Interlocked.Read(ref _discovered);

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<BootstrapDiscovery>();
    }

    /// <summary>Starts the join-and-discover loop. Call after the swarm, the connection manager and the DHT have started.</summary>
    public void Start()
    {
        if (_swarm is null)
        {
            throw new InvalidOperationException("The behaviour is not attached to a swarm.");
        }

        _loop = RunAsync(_stopping.Token);
    }

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Bootstrap discovery serves no protocol.");

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnSwarmEvent(SwarmEvent swarmEvent)
    {
        if (swarmEvent is PeerDiscovered found && _swarm is { } swarm && found.Peer != swarm.LocalPeerId && _protection?.GetBan(found.Peer) is null)
        {
            var dialable = found.Addresses.Where(a => a.TryGetIPEndPoint(out _)).ToArray();
            if (dialable.Length > 0)
            {
                _store.Update(found.Peer, r => r with { Addresses = [.. r.Addresses, .. dialable.Where(a => !r.Addresses.Contains(a))] });
                Interlocked.Increment(ref _discovered);
            }
        }
    }

    /// <summary>Stops the loop. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var time = _swarm!.TimeProvider;
        var interval = _options.DiscoveryInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(interval, time, cancellationToken);
                var node = _kad.Node;
                if (node.Routing.Count == 0)
                {
                    continue;
                }

                if (!Joined)
                {
                    var size = await node.BootstrapAsync(cancellationToken);
                    Joined = true;
                    Log.BootstrapJoined(_logger, size);
                    continue;
                }

                if (_connections.ConnectionCount >= _connections.Options.MinConnections)
                {
                    interval = _options.DiscoveryInterval;
                    continue;
                }

                var before = Discovered;
                await node.GetClosestPeersAsync(RandomNumberGenerator.GetBytes(32), cancellationToken);
                interval = Discovered > before ? _options.DiscoveryInterval : TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, _options.MaxDiscoveryInterval.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
