using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protection;

/// <summary>
/// Rate limits, peer scores and bans (specs/network/14-protection.md). Composed into the swarm
/// like a behaviour with no protocols; the swarm consults it as an <see cref="IConnectionGate"/>
/// (banned peers are refused after the handshake), an <see cref="ITrafficLimiter"/> (token
/// buckets per peer and per protocol for unasked traffic, charged by the muxers and the swarm; an
/// over-budget peer is slowed by flow control, and penalised only for unasked streams that keep
/// coming well past its budget) and an <see cref="IPeerReputation"/> (reports from the swarm and
/// from protocols). A peer whose
/// reputation falls below the ban threshold is banned and disconnected; bans and scores are kept
/// in the <see cref="PeerStore"/> and so survive a restart.
/// </summary>
public sealed partial class PeerProtection : INetworkBehaviour, IConnectionGate, ITrafficLimiter, IPeerReputation
{
    /// <summary>Reason reported for an unasked stream or message that arrives well past the peer's budget (PROT-2.4).</summary>
    public const string OverBudgetReason = "unasked traffic over budget";

    private readonly ProtectionOptions _options;
    private readonly PeerStore _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly long _allowanceTicks;
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
        _allowanceTicks = (long)(options.ExcessAllowance.TotalSeconds * _frequency);
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
        return new MeteredDuplexPipe(new CountingPipeReader(secured.Input, state, _time), new CountingPipeWriter(secured.Output, state));
    }

    /// <inheritdoc />
    public IInboundBudget InboundBudget(PeerId peer) => new PeerInboundBudget(this, GetState(peer), peer);

    /// <inheritdoc />
    public ValueTask WaitForStreamBudgetAsync(PeerId peer, CancellationToken cancellationToken)
    {
        var state = GetState(peer);
        return WaitOutDebtAsync(peer, state, state.Messages, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask AcquireAsync(PeerId peer, string? protocol, CancellationToken cancellationToken)
    {
        var state = GetState(peer);
        TokenBucket bucket;
        if (protocol is null)
        {
            ChargeUnaskedMessage(peer, state);
            bucket = state.Messages;
        }
        else if (_protocolLimits.TryGetValue(protocol, out var limit))
        {
            bucket = ProtocolBucket(state, protocol, limit);
            bucket.Take(1, _time.GetTimestamp());
        }
        else
        {
            return ValueTask.CompletedTask;
        }

        return WaitOutDebtAsync(peer, state, bucket, cancellationToken);
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
            state.InvalidMessages, state.Throttles, TimeSpan.FromSeconds(state.ConnectedTicks(now) / (double)_frequency), lastSeen, state.ExcessMessages);
    }

    /// <summary>True while <paramref name="bucket"/> is in debt.</summary>
    internal bool IsInDebt(TokenBucket bucket) => bucket.TicksUntil(0, _time.GetTimestamp()) > 0;

    /// <summary>
    /// One unasked message (a stream the peer opened, or a message a protocol counts): charged to
    /// the peer's message budget. Arriving when the peer already owes more than the allowance, in
    /// messages or in bytes, it is excess and costs reputation (PROT-2.4).
    /// </summary>
    internal void ChargeUnaskedMessage(PeerId peer, PeerState state)
    {
        var now = _time.GetTimestamp();
        state.RecordMessageIn(now);
        var messageDebt = state.Messages.Take(1, now);
        var byteDebt = state.Bytes.TicksUntil(0, now);
        if (messageDebt > _allowanceTicks || byteDebt > _allowanceTicks)
        {
            state.RecordExcess();
            if (_options.ExcessPenalty > 0)
            {
                Report(peer, OverBudgetReason, -_options.ExcessPenalty);
            }
        }
    }

    /// <summary>Payload the peer sent on a stream it opened (PROT-2.2).</summary>
    internal void ChargeUnaskedBytes(PeerState state, long count) => state.Bytes.Take(count, _time.GetTimestamp());

    /// <summary>
    /// Waits until <paramref name="bucket"/> is out of debt. Slowing a peer is counted, never
    /// penalised: the peer cannot see our budget (PROT-2.3).
    /// </summary>
    internal ValueTask WaitOutDebtAsync(PeerId peer, PeerState state, TokenBucket bucket, CancellationToken cancellationToken)
    {
        var wait = bucket.TicksUntil(0, _time.GetTimestamp());
        if (wait == 0)
        {
            return ValueTask.CompletedTask;
        }

        state.RecordThrottle();
        var duration = ToTimeSpan(wait);
        Log.PeerThrottled(_logger, peer, duration);
        return WaitLoopAsync(bucket, wait, cancellationToken);
    }

    private async ValueTask WaitLoopAsync(TokenBucket bucket, long wait, CancellationToken cancellationToken)
    {
        while (wait > 0)
        {
            // At least 1 ms: a clock that steps through due timers one by one (FakeTimeProvider.Advance)
            // would otherwise run a sub-millisecond wait, charged anew by a flooding peer, millions of
            // times within one step (seen once as a test hung inside Advance).
            await Task.Delay(Max(ToTimeSpan(wait), MinimumWait), _time, cancellationToken);
            wait = bucket.TicksUntil(0, _time.GetTimestamp());
        }
    }

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Timestamp ticks to a duration, rounded up so a wait never ends before the debt does.</summary>
    private TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromTicks((long)Math.Ceiling(ticks * (double)TimeSpan.TicksPerSecond / _frequency));

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
