using Microsoft.Extensions.Time.Testing;

namespace RustyNode.Network.Tests.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> (time and timers move only in <see cref="FakeTimeProvider.Advance"/>)
/// that also tells a test when the code under test has armed a timer. Advancing before the timer
/// exists would leave it to start from the new time and never fire, so a test first awaits
/// <see cref="WaitForTimerAsync"/> (no polling: the arming completes the wait), then advances.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<TrackedTimer> _armed = [];
    private readonly List<(TimeSpan DueTime, TaskCompletionSource Signal)> _waiters = [];

    public FakeClock()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>How many timers are armed with <paramref name="dueTime"/> (set, and neither fired nor disposed).</summary>
    public int ArmedCount(TimeSpan dueTime)
    {
        lock (_lock)
        {
            return _armed.Count(t => t.DueTime == dueTime);
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed with <paramref name="dueTime"/>.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken, int count = 1)
    {
        while (true)
        {
            TaskCompletionSource signal;
            lock (_lock)
            {
                if (_armed.Count(t => t.DueTime == dueTime) >= count)
                {
                    return;
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((dueTime, signal));
            }

            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until a timer with <paramref name="dueTime"/> is armed, then advances the clock by that much.</summary>
    public async Task AdvanceWhenArmedAsync(TimeSpan dueTime, TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        await WaitForTimerAsync(dueTime, bound.Token);
        Advance(dueTime);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var tracked = new TrackedTimer(this);
        tracked.Inner = base.CreateTimer(
            s =>
            {
                tracked.OnFired();
                callback(s);
            },
            state,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        tracked.Change(dueTime, period);
        return tracked;
    }

    private void Track(TrackedTimer timer, bool armed)
    {
        List<TaskCompletionSource> wake = [];
        lock (_lock)
        {
            _armed.Remove(timer);
            if (!armed)
            {
                return;
            }

            _armed.Add(timer);
            _waiters.RemoveAll(w =>
            {
                if (w.DueTime != timer.DueTime)
                {
                    return false;
                }

                wake.Add(w.Signal);
                return true;
            });
        }

        foreach (var signal in wake)
        {
            signal.TrySetResult();
        }
    }

    /// <summary>The fake provider's timer, with its arming recorded.</summary>
    private sealed class TrackedTimer(FakeClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimeSpan DueTime { get; private set; } = Timeout.InfiniteTimeSpan;

        private bool Periodic { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            Periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            // Recorded first: a timer already due fires inside Change, and firing un-records it.
            clock.Track(this, armed: dueTime != Timeout.InfiniteTimeSpan);
            return Inner.Change(dueTime, period);
        }

        public void OnFired()
        {
            if (!Periodic)
            {
                clock.Track(this, armed: false);
            }
        }

        public void Dispose()
        {
            clock.Track(this, armed: false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
