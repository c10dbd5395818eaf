namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>
/// The adaptive stall timeout of BS-5.7: starts at the minimum, doubles at each stall up to the
/// maximum, and shrinks by 15 % (not below the minimum) with each block response that came in time.
/// </summary>
internal sealed class StallTimeout
{
    /// <summary>Factor applied after a response that arrived within the timeout.</summary>
    public const double Decay = 0.85;

    private readonly TimeSpan _min;
    private readonly TimeSpan _max;

    public StallTimeout(TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
        Current = min;
    }

    /// <summary>The timeout in force.</summary>
    public TimeSpan Current { get; private set; }

    /// <summary>A peer stalled: wait longer before calling the next one a staller.</summary>
    public void OnStall() => Current = TimeSpan.FromTicks(Math.Min(Current.Ticks * 2, _max.Ticks));

    /// <summary>A block response took <paramref name="elapsed"/>; one within the timeout shrinks it.</summary>
    public void OnResponse(TimeSpan elapsed)
    {
        if (elapsed <= Current)
        {
            Current = TimeSpan.FromTicks(Math.Max((long)(Current.Ticks * Decay), _min.Ticks));
        }
    }
}
