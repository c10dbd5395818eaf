namespace RustyNode.Network.Protection;

/// <summary>
/// What protection knows of one peer: its budgets, traffic counters and reputation. Counters are
/// updated lock-free on the hot path; the reputation takes a short lock.
/// </summary>
internal sealed class PeerState
{
    private readonly Lock _lock = new();
    private long _messagesIn;
    private long _messagesOut;
    private long _bytesIn;
    private long _bytesOut;
    private long _invalidMessages;
    private long _throttles;
    private long _excess;
    private long _lastSeen;
    private int _connections;
    private long _connectedSince;
    private long _connectedTicks;
    private double _reputation;
    private long _reputationAt;

    public PeerState(ProtectionOptions options, long frequency, double reputation, long now)
    {
        Messages = new TokenBucket(options.MessagesPerSecond, options.MessageBurst, frequency);
        Bytes = new TokenBucket(options.BytesPerSecond, options.ByteBurst, frequency);
        _reputation = reputation;
        _reputationAt = now;
    }

    public TokenBucket Messages { get; }

    public TokenBucket Bytes { get; }

    /// <summary>Per-protocol buckets, created on first use for protocols that have a limit.</summary>
    public Dictionary<string, TokenBucket> ProtocolBuckets { get; } = new(StringComparer.Ordinal);

    public long MessagesIn => Volatile.Read(ref _messagesIn);

    public long MessagesOut => Volatile.Read(ref _messagesOut);

    public long BytesIn => Volatile.Read(ref _bytesIn);

    public long BytesOut => Volatile.Read(ref _bytesOut);

    public long InvalidMessages => Volatile.Read(ref _invalidMessages);

    public long Throttles => Volatile.Read(ref _throttles);

    public long ExcessMessages => Volatile.Read(ref _excess);

    public long LastSeen => Volatile.Read(ref _lastSeen);

    public bool IsConnected => Volatile.Read(ref _connections) > 0;

    public void RecordMessageIn(long now)
    {
        Interlocked.Increment(ref _messagesIn);
        Volatile.Write(ref _lastSeen, now);
    }

    public void RecordBytesIn(long count, long now)
    {
        Interlocked.Add(ref _bytesIn, count);
        Volatile.Write(ref _lastSeen, now);
    }

    public void RecordMessageOut() => Interlocked.Increment(ref _messagesOut);

    public void RecordBytesOut(long count) => Interlocked.Add(ref _bytesOut, count);

    public void RecordInvalid() => Interlocked.Increment(ref _invalidMessages);

    public void RecordThrottle() => Interlocked.Increment(ref _throttles);

    public void RecordExcess() => Interlocked.Increment(ref _excess);

    public void Connected(long now)
    {
        lock (_lock)
        {
            if (_connections++ == 0)
            {
                _connectedSince = now;
            }

            _lastSeen = now;
        }
    }

    public void Disconnected(long now)
    {
        lock (_lock)
        {
            if (_connections > 0 && --_connections == 0)
            {
                _connectedTicks += now - _connectedSince;
            }

            _lastSeen = now;
        }
    }

    /// <summary>Total time connected, in timestamp ticks, including the current connection.</summary>
    public long ConnectedTicks(long now)
    {
        lock (_lock)
        {
            return _connectedTicks + (_connections > 0 ? now - _connectedSince : 0);
        }
    }

    /// <summary>The reputation now, decayed toward zero (PROT-3.2).</summary>
    public double Reputation(long now, double halfLifeTicks)
    {
        lock (_lock)
        {
            return DecayedLocked(now, halfLifeTicks);
        }
    }

    /// <summary>Adds <paramref name="weight"/> to the decayed reputation; returns the new value.</summary>
    public double AddReputation(double weight, long now, double halfLifeTicks)
    {
        lock (_lock)
        {
            var value = Math.Clamp(DecayedLocked(now, halfLifeTicks) + weight, ProtectionLimits.MinReputation, ProtectionLimits.MaxReputation);
            _reputation = value;
            _reputationAt = now;
            return value;
        }
    }

    public void ResetReputation(long now)
    {
        lock (_lock)
        {
            _reputation = 0;
            _reputationAt = now;
        }
    }

    private double DecayedLocked(long now, double halfLifeTicks) =>
        _reputation == 0 ? 0 : _reputation * Math.Pow(0.5, Math.Max(0, now - _reputationAt) / halfLifeTicks);
}
