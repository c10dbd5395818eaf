namespace RustyNode.Protocols.TxProp.Announcing;

/// <summary>
/// Poisson trickle timers (TX-3.2): each outbound peer has its own, all inbound peers share one
/// (so inbound peers cannot tell apart when we learned a transaction). Delays are exponential with
/// the configured means, drawn from an injected random source. Not thread-safe.
/// </summary>
public sealed class TrickleClock
{
    private readonly Random _random;
    private readonly TxPropOptions _options;
    private DateTimeOffset _nextInbound;

    public TrickleClock(TxPropOptions options, Random random, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        _options = options;
        _random = random;
        _nextInbound = now + NextDelay(options.InboundTrickleInterval);
    }

    /// <summary>When the inbound peers' shared timer fires next.</summary>
    public DateTimeOffset NextInbound => _nextInbound;

    /// <summary>An exponential delay with mean <paramref name="mean"/>.</summary>
    public TimeSpan NextDelay(TimeSpan mean)
    {
        var u = 1.0 - _random.NextDouble(); // in (0, 1]
        return TimeSpan.FromTicks((long)(-Math.Log(u) * mean.Ticks));
    }

    /// <summary>The first trickle time of a new outbound peer.</summary>
    public DateTimeOffset FirstOutbound(DateTimeOffset now) => now + NextDelay(_options.OutboundTrickleInterval);

    /// <summary>The next trickle time of an outbound peer whose timer fired at <paramref name="now"/>.</summary>
    public DateTimeOffset NextOutbound(DateTimeOffset now) => now + NextDelay(_options.OutboundTrickleInterval);

    /// <summary>True (and the shared timer moves on) when the inbound timer has fired by <paramref name="now"/>.</summary>
    public bool TryFireInbound(DateTimeOffset now)
    {
        if (now < _nextInbound)
        {
            return false;
        }

        _nextInbound = now + NextDelay(_options.InboundTrickleInterval);
        return true;
    }
}
