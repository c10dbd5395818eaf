namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>PoSe challenges made since start, by outcome. Thread-safe.</summary>
public sealed class PoSeCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<PoSeOutcome>().Length];

    /// <summary>Challenges that ended with <paramref name="outcome"/>.</summary>
    public long this[PoSeOutcome outcome] => Interlocked.Read(ref _counts[(int)outcome]);

    /// <summary>Every challenge that ended.</summary>
    public long Total => _counts.Sum(c => Interlocked.Read(ref c));

    internal void Add(PoSeOutcome outcome) => Interlocked.Increment(ref _counts[(int)outcome]);
}
