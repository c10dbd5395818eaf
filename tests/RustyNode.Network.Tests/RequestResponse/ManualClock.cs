namespace RustyNode.Network.Tests.RequestResponse;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>, timers included: a timer made
/// through <see cref="CreateTimer"/> (as <c>new CancellationTokenSource(delay, clock)</c> does)
/// fires inside <see cref="Advance"/> once the clock reaches its due time, never on real time.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return new DateTimeOffset(_now, TimeSpan.Zero);
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>True while a timer first set to <paramref name="dueTime"/> is armed (created and neither fired nor disposed).</summary>
    public bool HasArmedTimer(TimeSpan dueTime)
    {
        lock (_lock)
        {
            return _timers.Exists(t => t.InitialDueTime == dueTime);
        }
    }

    /// <summary>Waits (polling, bounded by the caller) until a timer first set to <paramref name="dueTime"/> is armed.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        while (!HasArmedTimer(dueTime))
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Moves the clock on and fires, in due order, every timer that has come due.</summary>
    public void Advance(TimeSpan by)
    {
        long target;
        lock (_lock)
        {
            target = _now + by.Ticks;
        }

        while (NextDue(target) is { } timer)
        {
            timer.Fire();
        }

        lock (_lock)
        {
            _now = target;
        }
    }

    private ManualTimer? NextDue(long target)
    {
        lock (_lock)
        {
            ManualTimer? next = null;
            foreach (var timer in _timers)
            {
                if (timer.DueAt <= target && (next is null || timer.DueAt < next.DueAt))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                return null;
            }

            // Time reaches the timer's due moment before its callback runs.
            _now = Math.Max(_now, next.DueAt);
            if (next.Period > TimeSpan.Zero)
            {
                next.DueAt += next.Period.Ticks;
            }
            else
            {
                _timers.Remove(next);
            }

            return next;
        }
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan InitialDueTime { get; private set; } = Timeout.InfiniteTimeSpan;

        public long DueAt { get; set; }

        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                if (InitialDueTime == Timeout.InfiniteTimeSpan)
                {
                    InitialDueTime = dueTime;
                }

                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = clock._now + dueTime.Ticks;
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
