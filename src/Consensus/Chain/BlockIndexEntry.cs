using System.Numerics;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>One header in the block tree with its height, cumulative work and status.</summary>
public sealed class BlockIndexEntry
{
    private long _medianTimePast = -1;

    internal BlockIndexEntry(BlockHeader header, BlockIndexEntry? previous, long sequence)
    {
        Header = header;
        Previous = previous;
        Height = previous is null ? 0 : previous.Height + 1;
        ChainWork = (previous?.ChainWork ?? BigInteger.Zero) + CompactTarget.WorkForBits(header.Bits);
        Sequence = sequence;
    }

    public BlockHeader Header { get; }

    public Hash256 Hash => Header.Hash;

    /// <summary>The parent entry; null for genesis.</summary>
    public BlockIndexEntry? Previous { get; }

    public int Height { get; }

    /// <summary>Total work of the chain ending here (CHAIN-4.5).</summary>
    public BigInteger ChainWork { get; }

    /// <summary>Arrival order; the earlier of two equal-work tips wins (CHAIN-4.6).</summary>
    public long Sequence { get; }

    public BlockStatus Status { get; internal set; }

    public bool HasData => (Status & BlockStatus.HaveData) != 0;

    public bool IsInvalid => (Status & BlockStatus.Invalid) != 0;

    /// <summary>Median of the times of this block and its up to ten predecessors (CHAIN-4.2).</summary>
    /// <remarks>Computed once: the times of an entry and its ancestors never change, and the mempool asks per transaction (CHAIN-5.5).</remarks>
    public uint MedianTimePast()
    {
        // Two threads that race both compute the same value.
        var known = Volatile.Read(ref _medianTimePast);
        if (known >= 0)
        {
            return (uint)known;
        }

        var median = ComputeMedianTimePast();
        Volatile.Write(ref _medianTimePast, median);
        return median;
    }

    private uint ComputeMedianTimePast()
    {
        Span<uint> times = stackalloc uint[ChainLimits.MedianTimeSpan];
        var count = 0;
        for (var entry = this; entry is not null && count < times.Length; entry = entry.Previous)
        {
            times[count++] = entry.Header.Time;
        }

        var used = times[..count];
        used.Sort();
        return used[count / 2];
    }

    /// <summary>The ancestor at <paramref name="height"/> (this entry when equal); null above this height.</summary>
    public BlockIndexEntry? GetAncestor(int height)
    {
        if (height > Height || height < 0)
        {
            return null;
        }

        var entry = this;
        while (entry.Height > height)
        {
            entry = entry.Previous!;
        }

        return entry;
    }

    /// <summary>True when this entry has more work than <paramref name="other"/>, or equal work and arrived first.</summary>
    public bool IsBetterThan(BlockIndexEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var c = ChainWork.CompareTo(other.ChainWork);
        return c > 0 || (c == 0 && Sequence < other.Sequence);
    }

    public override string ToString() => $"{Hash}@{Height}";
}
