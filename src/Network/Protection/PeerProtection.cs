using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protection;

/// <summary>
/// Rate limits, peer scores and bans (specs/network/14-protection.md). Composed into the swarm
/// like a behaviour with no protocols; the swarm consults it as an <see cref="IConnectionGate"/>
/// (banned peers are refused after the handshake), an <see cref="ITrafficLimiter"/> (token
/// buckets per peer and per protocol; an over-budget peer's reads wait) and an
/// <see cref="IPeerReputation"/> (reports from the swarm and from protocols). A peer whose
/// reputation falls below the ban threshold is banned and disconnected; bans and scores are kept
/// in the <see cref="PeerStore"/> and so survive a restart.
/// </summary>
public sealed partial class PeerProtection : INetworkBehaviour, IConnectionGate, ITrafficLimiter, IPeerReputation
{
    /// <summary>Reason reported for time spent slowed beyond the grace period (PROT-2.4).</summary>
    public const string OverBudgetReason = "over rate budget";

    private readonly ProtectionOptions _options;
    private readonly PeerStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly long _graceTicks;
    private readonly double _halfLifeTicks;
    private readonly ConcurrentDictionary<PeerId, PeerState> _peers = new();
    private readonly ConcurrentDictionary<PeerId, PeerBan> _bans = new();
    private readonly ConcurrentDictionary<string, RateLimit> _protocolLimits;
    private ISwarmContext? _swarm;

    /// <param name="options">Budgets, weights and ban settings (validated here).</param>
    /// <param name="store">Where bans and scores are kept; bans in it are in force at once.</param>
    /// <param name="logger">Logging; none when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    public PeerProtection(ProtectionOptions options, PeerStore store, ILogger<PeerProtection>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        options.Validate();
        _options = options;
        _store = store;
        _logger = logger ?? NullLogger<PeerProtection>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _frequency = _time.TimestampFrequency;
        _graceTicks = (long)(options.ThrottleGrace.TotalSeconds * _frequency);
        _halfLifeTicks = options.ReputationHalfLife.TotalSeconds * _frequency;
        _protocolLimits = new ConcurrentDictionary<string, RateLimit>(options.ProtocolLimits, StringComparer.Ordinal);
        var now = _time.GetUtcNow();
        foreach (var record in store.Records)
        {
            if (record.BannedUntil is { } until && until > now)
            {
                _bans[record.Peer] = new PeerBan(record.Peer, until, record.BanReason ?? "banned");
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; } = [];

    /// <summary>The options in force.</summary>
    public ProtectionOptions Options => _options;

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm) => _swarm = swarm;

    /// <inheritdoc />
    public Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Peer protection serves no protocol.");

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        GetState(connection.RemotePeer).Connected(_time.GetTimestamp());
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var state = GetState(connection.RemotePeer);
        var now = _time.GetTimestamp();
        state.Disconnected(now);
        var score = state.Reputation(now, _halfLifeTicks);
        _store.Update(connection.RemotePeer, r => r with { Score = score, LastSeen = _time.GetUtcNow() });
    }

    /// <inheritdoc />
    public string? CheckInbound(Multiaddr remoteAddress) => null;

    /// <inheritdoc />
    public string? CheckSecured(PeerId peer, Multiaddr remoteAddress, ConnectionDirection direction) =>
        GetBan(peer) is { } ban ? $"banned until {ban.Until:O} ({ban.Reason})" : null;

    /// <inheritdoc />
    public IDuplexPipe Wrap(PeerId peer, IDuplexPipe secured)
    {
        ArgumentNullException.ThrowIfNull(secured);
        var state = GetState(peer);
        return new MeteredDuplexPipe(new MeteredPipeReader(secured.Input, this, state, peer), new CountingPipeWriter(secured.Output, state));
    }

    /// <inheritdoc />
    public ValueTask AcquireAsync(PeerId peer, string? protocol, CancellationToken cancellationToken)
    {
        var state = GetState(peer);
        var now = _time.GetTimestamp();
        long wait;
        if (protocol is null)
        {
            state.RecordMessageIn(now);
            wait = state.Messages.Take(1, now);
        }
        else if (_protocolLimits.TryGetValue(protocol, out var limit))
        {
            wait = ProtocolBucket(state, protocol, limit).Take(1, now);
        }
        else
        {
            return ValueTask.CompletedTask;
        }

        if (wait == 0)
        {
            state.MaybeEndEpisode(now);
            return ValueTask.CompletedTask;
        }

        return ThrottleAsync(peer, state, wait, cancellationToken);
    }

    /// <inheritdoc />
    public void RequestProtocolLimit(string protocol, double messagesPerSecond, double burst)
    {
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        if (messagesPerSecond <= 0 || burst < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(messagesPerSecond), "A protocol budget needs a positive rate and a burst of at least 1.");
        }

        _protocolLimits.TryAdd(protocol, new RateLimit(messagesPerSecond, burst));
    }

    /// <inheritdoc />
    public void RecordOutbound(PeerId peer, string protocol) => GetState(peer).RecordMessageOut();

    /// <inheritdoc />
    public void Report(PeerId peer, string reason, double weight)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var state = GetState(peer);
        if (weight < 0)
        {
            state.RecordInvalid();
        }

        var reputation = state.AddReputation(weight, _time.GetTimestamp(), _halfLifeTicks);
        Log.PeerReported(_logger, peer, reason, weight, reputation);
        if (reputation < _options.BanThreshold && GetBan(peer) is null)
        {
            Ban(peer, _options.BanDuration, $"score {reputation:0.#} below {_options.BanThreshold:0.#} after {reason}");
        }
    }

    /// <summary>Writes every tracked peer's current reputation to the peer store and saves it.</summary>
    public void SaveScores()
    {
        var now = _time.GetTimestamp();
        foreach (var (peer, state) in _peers)
        {
            var score = state.Reputation(now, _halfLifeTicks);
            if (score != (_store.Get(peer)?.Score ?? 0))
            {
                _store.Update(peer, r => r with { Score = score });
            }
        }

        SaveStore();
    }

    /// <summary>The peer's reputation now (0 for a peer never seen).</summary>
    public double GetReputation(PeerId peer) =>
        _peers.TryGetValue(peer, out var state) ? state.Reputation(_time.GetTimestamp(), _halfLifeTicks) : _store.Get(peer)?.Score ?? 0;

    /// <summary>A snapshot of the peer's counters and reputation, or null for a peer never seen.</summary>
    public PeerScore? GetScore(PeerId peer)
    {
        if (!_peers.TryGetValue(peer, out var state))
        {
            return null;
        }

        var now = _time.GetTimestamp();
        var lastSeen = state.LastSeen == 0 ? (DateTimeOffset?)null : _time.GetUtcNow() - _time.GetElapsedTime(state.LastSeen, now);
        return new PeerScore(
            peer, state.Reputation(now, _halfLifeTicks), state.MessagesIn, state.MessagesOut, state.BytesIn, state.BytesOut,
            state.InvalidMessages, state.Throttles, TimeSpan.FromSeconds(state.ConnectedTicks(now) / (double)_frequency), lastSeen);
    }

    /// <summary>Ticks the peer's byte bucket is in debt (0 when within budget).</summary>
    internal long ByteDebt(PeerState state)
    {
        var now = _time.GetTimestamp();
        var wait = state.Bytes.TicksUntil(0, now);
        if (wait == 0)
        {
            state.MaybeEndEpisode(now);
        }

        return wait;
    }

    /// <summary>Charges bytes the muxer consumed.</summary>
    internal void ChargeBytes(PeerState state, long count)
    {
        var now = _time.GetTimestamp();
        state.RecordBytesIn(count, now);
        state.Bytes.Take(count, now);
    }

    /// <summary>Slows the peer for <paramref name="waitTicks"/>, penalising the part beyond the grace period.</summary>
    internal async ValueTask ThrottleAsync(PeerId peer, PeerState state, long waitTicks, CancellationToken cancellationToken)
    {
        var penalised = state.Throttled(_time.GetTimestamp(), waitTicks, _graceTicks, _frequency);
        var wait = TimeSpan.FromSeconds(waitTicks / (double)_frequency);
        Log.PeerThrottled(_logger, peer, wait);
        if (penalised > 0 && _options.OverBudgetPenaltyPerSecond > 0)
        {
            Report(peer, OverBudgetReason, -penalised * _options.OverBudgetPenaltyPerSecond);
        }

        await Task.Delay(wait, _time, cancellationToken);
    }

    private static TokenBucket ProtocolBucket(PeerState state, string protocol, RateLimit limit)
    {
        lock (state.ProtocolBuckets)
        {
            if (!state.ProtocolBuckets.TryGetValue(protocol, out var bucket))
            {
                bucket = new TokenBucket(limit.PerSecond, limit.Burst, state.Messages.TimestampFrequency);
                state.ProtocolBuckets[protocol] = bucket;
            }

            return bucket;
        }
    }

    internal PeerState GetState(PeerId peer)
    {
        if (_peers.TryGetValue(peer, out var state))
        {
            return state;
        }

        if (_peers.Count >= ProtectionLimits.MaxTrackedPeers)
        {
            EvictIdlePeers();
        }

        return _peers.GetOrAdd(peer, p => new PeerState(_options, _frequency, _store.Get(p)?.Score ?? 0, _time.GetTimestamp()));
    }

    private void EvictIdlePeers()
    {
        var now = _time.GetTimestamp();
        foreach (var (peer, state) in _peers)
        {
            if (!state.IsConnected && Math.Abs(state.Reputation(now, _halfLifeTicks)) < 1)
            {
                _peers.TryRemove(peer, out _);
            }
        }
    }
}
