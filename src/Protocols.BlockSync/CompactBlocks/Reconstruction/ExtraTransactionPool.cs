using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

/// <summary>
/// The last transactions that left the mempool for reasons other than confirmation (evicted,
/// conflicting, replaced), kept so a block that includes them still rebuilds (CB-5.5): at most
/// <see cref="CompactBlockLimits.MaxExtraTransactions"/> of at most
/// <see cref="CompactBlockLimits.MaxExtraTransactionSize"/> bytes each, and
/// <see cref="CompactBlockLimits.MaxExtraPoolBytes"/> in all, oldest dropped first. Thread-safe.
/// </summary>
public sealed class ExtraTransactionPool
{
    private readonly Queue<Transaction> _order = new();
    private readonly HashSet<Hash256> _ids = [];
    private readonly Lock _gate = new();
    private long _bytes;

    /// <summary>Transactions held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>Serialized bytes held.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Keeps <paramref name="tx"/> unless it is too big or already held; drops the oldest to stay within bounds.</summary>
    public bool Add(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (tx.Size > CompactBlockLimits.MaxExtraTransactionSize)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_ids.Add(tx.TxId))
            {
                return false;
            }

            _order.Enqueue(tx);
            _bytes += tx.Size;
            while (_order.Count > CompactBlockLimits.MaxExtraTransactions || _bytes > CompactBlockLimits.MaxExtraPoolBytes)
            {
                var oldest = _order.Dequeue();
                _ids.Remove(oldest.TxId);
                _bytes -= oldest.Size;
            }

            return true;
        }
    }

    /// <summary>The transactions held, oldest first, as a new list.</summary>
    public IReadOnlyList<Transaction> Snapshot()
    {
        lock (_gate)
        {
            return [.. _order];
        }
    }
}
