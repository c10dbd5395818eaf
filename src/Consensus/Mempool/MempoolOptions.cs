namespace RustyNode.Consensus.Mempool;

/// <summary>Mempool policy (CHAIN-8). Defaults are the values below; validate with <see cref="Validate"/>.</summary>
public sealed class MempoolOptions
{
    /// <summary>Total serialized bytes kept before the lowest fee rate is evicted. Default 64 MB.</summary>
    public long MaxBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Minimum fee in base units per 1,000 bytes. Default 1,000 (1 unit per byte).</summary>
    public long MinFeeRatePerKb { get; init; } = 1_000;

    /// <summary>Largest transaction accepted by policy. Default 100,000 bytes.</summary>
    public int MaxTransactionSize { get; init; } = 100_000;

    /// <summary>Orphans (transactions with unknown parents) kept. Default 100.</summary>
    public int MaxOrphans { get; init; } = 100;

    /// <summary>Largest orphan kept. Default 100,000 bytes.</summary>
    public int MaxOrphanSize { get; init; } = 100_000;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 10_000);
        ArgumentOutOfRangeException.ThrowIfNegative(MinFeeRatePerKb);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTransactionSize, ChainLimits.MinTransactionSize);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxOrphans);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxOrphanSize);
    }
}
