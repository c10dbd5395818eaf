namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>A rate over a sliding window of samples of a growing counter, on an injected clock.</summary>
internal sealed class RateMeter(TimeProvider time, TimeSpan window)
{
    private readonly Queue<(long At, long Value)> _samples = new();

    /// <summary>Records the counter's value now.</summary>
    public void Sample(long value)
    {
        var now = time.GetTimestamp();
        _samples.Enqueue((now, value));
        while (_samples.Count > 2 && time.GetElapsedTime(_samples.Peek().At, now) > window)
        {
            _samples.Dequeue();
        }
    }

    /// <summary>Growth per second between the oldest and newest sample in the window; 0 before two samples.</summary>
    public double PerSecond
    {
        get
        {
            if (_samples.Count < 2)
            {
                return 0;
            }

            var first = _samples.Peek();
            var last = _samples.Last();
            var seconds = time.GetElapsedTime(first.At, last.At).TotalSeconds;
            return seconds > 0 ? (last.Value - first.Value) / seconds : 0;
        }
    }
}
