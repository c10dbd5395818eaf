using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.TxProp.Announcing;
using RustyNode.Protocols.TxProp.Scheduling;

namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>
/// Transaction relay over /rusty/tx-prop/1.0 (specs/protocols/02-tx-relay.md): announces mempool
/// transactions to peers on Poisson trickles, schedules requests for what peers announce, serves
/// requests from the mempool, validates what arrives into the mempool (which announces it on), and
/// scores misbehaviour. Announcements ride one long-lived stream per peer and direction; our
/// GetData messages to a peer ride one long-lived request stream of their own, so a peer whose
/// announcements we stop reading (TX-4.6) can still answer our requests.
/// </summary>
/// <remarks>
/// Transport-neutral pieces (<see cref="TxRequestTracker{TPeer}"/>, <see cref="PeerAnnouncer"/>,
/// <see cref="TrickleClock"/>, the codec) do not depend on streams, so a GossipSub transport can
/// reuse validation and scoring (<see cref="ProcessTransactions"/>) and replace only this class's
/// stream handling.
/// </remarks>
public sealed partial class TxPropBehaviour : INetworkBehaviour, IAsyncDisposable
{
    /// <summary>The protocol id (TX-1.1).</summary>
    public const string ProtocolId = "/rusty/tx-prop/1.0";

    /// <summary>Accepted transactions whose depth and acceptance order are remembered (TX-3.4, TX-5.1).</summary>
    private const int AcceptedMemory = 200_000;

    private readonly Lock _gate = new();
    private readonly ChainService _chain;
    private readonly TxPropOptions _options;
    private readonly Random _random;
    private readonly TxRequestTracker<PeerId> _tracker;
    private readonly Dictionary<PeerId, RelayPeer> _peers = [];
    private readonly RollingTxIdFilter _recentRejects = new(TxPropLimits.RecentRejectsCapacity);
    private readonly Dictionary<Hash256, (int Depth, long Sequence)> _accepted = [];
    private readonly Queue<Hash256> _acceptedOrder = new();
    private readonly CancellationTokenSource _shutdown = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TrickleClock? _clock;
    private ISwarmContext? _swarm;
    private ILogger _logger = NullLogger.Instance;
    private Task _loop = Task.CompletedTask;
    private long _sequence;

    /// <summary>Transactions read from request streams and not validated yet (for the busy clock).</summary>
    private int _unvalidated;

    /// <summary>When the relay last became busy (a timestamp of <see cref="Time"/>), null while idle.</summary>
    private long? _busySince;

    /// <summary>Busy time accrued before <see cref="_busySince"/> (TX-8.2 busySeconds).</summary>
    private TimeSpan _busy;
    private int _disposed;

    /// <param name="chain">The mempool relayed from and into.</param>
    /// <param name="options">Timers and bounds (validated here); defaults when null.</param>
    /// <param name="random">Source of trickle delays and request tie-breaks; a shared one when null.</param>
    public TxPropBehaviour(ChainService chain, TxPropOptions? options = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _options = options ?? new TxPropOptions();
        _options.Validate();
        _chain = chain;
        _random = random ?? Random.Shared;
        _tracker = new TxRequestTracker<PeerId>(_options, _random);
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [ProtocolId];

    /// <summary>Counters summed over every peer since start.</summary>
    public TxRelayCounters Totals { get; } = new();

    private ISwarmContext Swarm => _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    private TimeProvider Time => Swarm.TimeProvider;

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<TxPropBehaviour>();
        _clock = new TrickleClock(_options, _random, swarm.TimeProvider.GetUtcNow());
        _chain.TransactionsAccepted += OnTransactionsAccepted;
        _loop = Task.Run(() => RunSchedulerAsync(_shutdown.Token));
    }

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        RelayPeer peer;
        lock (_gate)
        {
            if (_peers.ContainsKey(connection.RemotePeer) || _clock is null)
            {
                return;
            }

            peer = new RelayPeer(connection.RemotePeer, connection.Direction == ConnectionDirection.Outbound, _clock.FirstOutbound(Time.GetUtcNow()));
            _peers.Add(peer.Id, peer);
        }

        BackgroundTask.Forget(RunSenderAsync(peer), _logger, "tx-prop announcement sender");
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (_swarm is null || _swarm.GetConnections(connection.RemotePeer).Count > 0)
        {
            return;
        }

        RelayPeer? peer;
        lock (_gate)
        {
            if (!_peers.Remove(connection.RemotePeer, out peer))
            {
                return;
            }

            _tracker.DisconnectedPeer(peer.Id);
            peer.RoomWaiter?.TrySetCanceled();
        }

        peer.Lifetime.Cancel();
        peer.Outgoing.Writer.TryComplete();
        Wake();
    }

    /// <summary>Per-peer and total counters (the tx_relay control command).</summary>
    public TxRelayStats GetStats()
    {
        List<TxRelayPeerStats> peers;
        int inFlight;
        TimeSpan busy;
        lock (_gate)
        {
            peers = [.. _peers.Values.Select(p => new TxRelayPeerStats(p.Id, p.Outbound, p.Counters, _tracker.CountInFlight(p.Id), _tracker.Count(p.Id), p.Announcer.QueuedCount))];
            inFlight = peers.Sum(p => p.InFlight);
            busy = _busySince is { } since ? _busy + Time.GetElapsedTime(since) : _busy;
        }

        return new TxRelayStats(peers, Totals, inFlight, _chain.MempoolCounts.Orphans, busy);
    }

    /// <summary>Stops the scheduler and every peer loop. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _chain.TransactionsAccepted -= OnTransactionsAccepted;
        await _shutdown.CancelAsync();
        List<RelayPeer> peers;
        lock (_gate)
        {
            peers = [.. _peers.Values];
            _peers.Clear();
        }

        foreach (var peer in peers)
        {
            await peer.Lifetime.CancelAsync();
            peer.Outgoing.Writer.TryComplete();
        }

        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _shutdown.Dispose();
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private void Report(PeerId peer, string reason, double weight, string detail)
    {
        Log.Misbehaved(_logger, peer, reason, detail);
        _swarm?.ReportPeer(peer, reason, weight);
    }

    private RelayPeer? GetPeer(PeerId id)
    {
        lock (_gate)
        {
            return _peers.GetValueOrDefault(id);
        }
    }
}
