using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Mempool;

/// <summary>A transaction in the mempool with its fee and arrival order.</summary>
public sealed class MempoolEntry
{
    internal MempoolEntry(Transaction tx, long fee, long sequence)
    {
        Tx = tx;
        Fee = fee;
        Sequence = sequence;
    }

    public Transaction Tx { get; }

    /// <summary>Inputs minus outputs, in base units.</summary>
    public long Fee { get; }

    /// <summary>Arrival order; parents always arrive before their children.</summary>
    public long Sequence { get; }

    public int Size => Tx.Size;

    /// <summary>Fee per 1,000 bytes.</summary>
    public long FeeRatePerKb => Fee * 1000 / Size;
}
