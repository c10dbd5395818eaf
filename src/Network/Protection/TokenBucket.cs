namespace RustyNode.Network.Protection;

/// <summary>
/// A lock-free token bucket (specs/network/14-protection.md, PROT-2.1), kept as one 64-bit
/// "theoretical arrival time": the timestamp at which the bucket would be full again. Taking
/// <c>n</c> tokens moves it forward by <c>n</c> token periods; the bucket holds
/// <see cref="Burst"/> tokens when that time is not in the future. One compare-and-swap per take,
/// no lock and no allocation. Timestamps are <see cref="TimeProvider.GetTimestamp"/> values.
/// </summary>
public sealed class TokenBucket
{
    private readonly double _ticksPerToken;
    private readonly long _burstTicks;
    private long _fullAt;

    /// <param name="tokensPerSecond">Refill rate; <see cref="double.PositiveInfinity"/> for no limit.</param>
    /// <param name="burst">Capacity: tokens that may be taken at once after a quiet spell.</param>
    /// <param name="timestampFrequency">Ticks per second of the timestamps passed in.</param>
    public TokenBucket(double tokensPerSecond, double burst, long timestampFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestampFrequency);
        TokensPerSecond = tokensPerSecond;
        TimestampFrequency = timestampFrequency;
        Burst = burst;
        // An infinite rate never charges anything: the bucket is never in debt.
        _ticksPerToken = double.IsPositiveInfinity(tokensPerSecond) ? 0 : timestampFrequency / tokensPerSecond;
        _burstTicks = _ticksPerToken == 0 || double.IsPositiveInfinity(burst) ? long.MaxValue / 4 : (long)(burst * _ticksPerToken);
    }

    /// <summary>Refill rate.</summary>
    public double TokensPerSecond { get; }

    /// <summary>Ticks per second of the timestamps.</summary>
    public long TimestampFrequency { get; }

    /// <summary>Capacity.</summary>
    public double Burst { get; }

    /// <summary>Takes <paramref name="count"/> tokens if the bucket holds them; otherwise takes none.</summary>
    public bool TryTake(long count, long now)
    {
        var cost = (long)(count * _ticksPerToken);
        while (true)
        {
            var fullAt = Volatile.Read(ref _fullAt);
            var next = Math.Max(fullAt, now) + cost;
            if (next - now > _burstTicks)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _fullAt, next, fullAt) == fullAt)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="count"/> tokens even when that leaves the bucket in debt (for bytes
    /// already read).
    /// </summary>
    /// <returns>Ticks until the bucket is out of debt (0 when it is not in debt).</returns>
    public long Take(long count, long now)
    {
        var cost = (long)(count * _ticksPerToken);
        while (true)
        {
            var fullAt = Volatile.Read(ref _fullAt);
            var next = Math.Max(fullAt, now) + cost;
            if (Interlocked.CompareExchange(ref _fullAt, next, fullAt) == fullAt)
            {
                return Math.Max(0, next - now - _burstTicks);
            }
        }
    }

    /// <summary>Ticks until the bucket holds at least <paramref name="count"/> tokens (0 when it already does).</summary>
    public long TicksUntil(long count, long now)
    {
        var cost = (long)(count * _ticksPerToken);
        return Math.Max(0, Volatile.Read(ref _fullAt) + cost - now - _burstTicks);
    }

    /// <summary>Tokens in the bucket now; negative when in debt.</summary>
    public double Available(long now) => (_burstTicks - Math.Max(0, Volatile.Read(ref _fullAt) - now)) / _ticksPerToken;

    /// <summary>True when the bucket is full (the peer has been quiet long enough to refill it).</summary>
    public bool IsFull(long now) => Volatile.Read(ref _fullAt) <= now;
}
