using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.ConnectionManagement;

/// <summary>
/// Connection limits, trimming, bootstrap peers and the peer store's addresses
/// (specs/network/15-connection-management.md). Composed into the swarm like a behaviour with no
/// protocols; the swarm consults it as an <see cref="IConnectionGate"/>: inbound connections are
/// refused at the maximum and above the per-IP and per-subnet limits. Connections above the
/// maximum (ours count too) are trimmed, inbound first, worst-scored and youngest first.
/// </summary>
public sealed partial class ConnectionManager : INetworkBehaviour, IConnectionGate, IAsyncDisposable
{
    private readonly ConnectionManagerOptions _options;
    private readonly PeerStore _store;
    private readonly PeerProtection? _protection;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, Connection> _live = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly SemaphoreSlim _trimming = new(1, 1);
    private ISwarmContext? _swarm;
    private int _disposed;

    /// <param name="options">Limits and bootstrap peers (validated here).</param>
    /// <param name="store">Where known addresses and last-seen times are kept.</param>
    /// <param name="protection">Scores used to choose whom to trim, and bans; none when null.</param>
    /// <param name="logger">Logging; none when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public ConnectionManager(
        ConnectionManagerOptions options, PeerStore store, PeerProtection? protection = null, ILogger<ConnectionManager>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        _options = options;
        _store = store;
        _protection = protection;
        _logger = logger ?? NullLogger<ConnectionManager>.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [];

    /// <summary>The options in force.</summary>
    public ConnectionManagerOptions Options => _options;

    /// <summary>Live connections, as the manager counts them.</summary>
    public int ConnectionCount => _live.Count;

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm) => _swarm = swarm;

    /// <summary>Starts the bootstrap keepers and the maintenance loop. Call after the swarm has started.</summary>
    public void Start()
    {
        if (_swarm is null)
        {
            throw new InvalidOperationException("The connection manager is not attached to a swarm.");
        }

        lock (_loops)
        {
            foreach (var address in _options.BootstrapPeers)
            {
                _loops.Add(KeepConnectedAsync(address, _stopping.Token));
            }

            _loops.Add(MaintainAsync(_stopping.Token));
        }
    }

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The connection manager serves no protocol.");

    /// <inheritdoc />
    public string? CheckInbound(Multiaddr remoteAddress) => CheckLimits(remoteAddress);

    /// <inheritdoc />
    public string? CheckSecured(PeerId peer, Multiaddr remoteAddress, ConnectionDirection direction) =>
        direction == ConnectionDirection.Inbound ? CheckLimits(remoteAddress) : null;

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _live[connection.Id] = connection;
        var now = _time.GetUtcNow();
        if (connection.Direction == ConnectionDirection.Outbound)
        {
            _store.AddAddress(connection.RemotePeer, connection.RemoteAddress, now);
        }
        else
        {
            _store.Update(connection.RemotePeer, r => r with { LastSeen = now });
        }

        if (_live.Count > _options.MaxConnections)
        {
            BackgroundTask.Forget(TrimAsync(), _logger, "trim connections");
        }
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _live.TryRemove(connection.Id, out _);
        _store.Update(connection.RemotePeer, r => r with { LastSeen = _time.GetUtcNow() });
    }

    /// <summary>
    /// Closes connections until at most <see cref="ConnectionManagerOptions.MaxConnections"/> remain
    /// (CM-3): inbound before outbound, then lowest score first, then youngest first.
    /// </summary>
    /// <returns>The connections closed.</returns>
    public async Task<IReadOnlyList<Connection>> TrimAsync()
    {
        await _trimming.WaitAsync();
        try
        {
            var live = _live.Values.ToArray();
            var excess = live.Length - _options.MaxConnections;
            if (excess <= 0)
            {
                return [];
            }

            var victims = live
                .OrderBy(c => c.Direction == ConnectionDirection.Outbound ? 1 : 0)
                .ThenBy(c => _protection?.GetReputation(c.RemotePeer) ?? 0)
                .ThenByDescending(c => c.OpenedAt)
                .Take(excess)
                .ToArray();
            foreach (var victim in victims)
            {
                Log.ConnectionTrimmed(_logger, victim.RemotePeer, victim.RemoteAddress, victim.Direction, live.Length, _options.MaxConnections);
                _live.TryRemove(victim.Id, out _);
                await victim.DisposeAsync();
            }

            return victims;
        }
        finally
        {
            _trimming.Release();
        }
    }

    /// <summary>Stops the loops, saves the peer store. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        SaveStore();
        _stopping.Dispose();
        _trimming.Dispose();
    }

    private string? CheckLimits(Multiaddr remoteAddress)
    {
        var live = _live.Values.ToArray();
        if (live.Length >= _options.MaxConnections)
        {
            return $"connection limit {_options.MaxConnections} reached";
        }

        if (SubnetKey.From(remoteAddress) is not { } key || (_options.ExemptLoopback && System.Net.IPAddress.IsLoopback(key.Address)))
        {
            return null;
        }

        int sameIp = 0, sameSubnet = 0;
        foreach (var connection in live)
        {
            if (connection.Direction == ConnectionDirection.Inbound && SubnetKey.From(connection.RemoteAddress) is { } other)
            {
                sameIp += other.Address.Equals(key.Address) ? 1 : 0;
                sameSubnet += other.Subnet == key.Subnet ? 1 : 0;
            }
        }

        if (sameIp >= _options.MaxInboundPerIp)
        {
            return $"{_options.MaxInboundPerIp} inbound connections from {key.Address} already";
        }

        return sameSubnet >= _options.MaxInboundPerSubnet
            ? $"{_options.MaxInboundPerSubnet} inbound connections from subnet {key.Subnet} already"
            : null;
    }
}
