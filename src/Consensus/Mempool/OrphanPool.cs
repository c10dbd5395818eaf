using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mempool;

/// <summary>
/// Transactions whose inputs are unknown, kept until a parent arrives (CHAIN-8.5). Bounded in count
/// and per-transaction size; when full, the oldest is dropped.
/// </summary>
internal sealed class OrphanPool
{
    private readonly Dictionary<Hash256, Transaction> _orphans = [];
    private readonly Dictionary<Hash256, HashSet<Hash256>> _byParent = [];
    private readonly Queue<Hash256> _arrival = new();
    private readonly int _maxCount;
    private readonly int _maxSize;

    public OrphanPool(int maxCount, int maxSize)
    {
        _maxCount = maxCount;
        _maxSize = maxSize;
    }

    public int Count => _orphans.Count;

    public bool Contains(Hash256 txId) => _orphans.ContainsKey(txId);

    /// <summary>Keeps <paramref name="tx"/>; false when it is too large or the pool holds nothing.</summary>
    public bool TryAdd(Transaction tx)
    {
        if (_maxCount == 0 || tx.Size > _maxSize || _orphans.ContainsKey(tx.TxId))
        {
            return _orphans.ContainsKey(tx.TxId);
        }

        while (_orphans.Count >= _maxCount && _arrival.TryDequeue(out var oldest))
        {
            Remove(oldest);
        }

        _orphans.Add(tx.TxId, tx);
        _arrival.Enqueue(tx.TxId);
        if (_arrival.Count > (2 * _maxCount) + 16)
        {
            // Drop ids of orphans that already left through TakeChildren or Remove.
            var live = _arrival.Where(_orphans.ContainsKey).ToList();
            _arrival.Clear();
            live.ForEach(_arrival.Enqueue);
        }
        for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
        {
            var input = tx.Inputs[inputIndex];
            if (!_byParent.TryGetValue(input.PrevOut.TxId, out var children))
            {
                _byParent[input.PrevOut.TxId] = children = [];
            }

            children.Add(tx.TxId);
        }

        return true;
    }

    /// <summary>Removes and returns the orphans that spend an output of <paramref name="parent"/>.</summary>
    public List<Transaction> TakeChildren(Hash256 parent)
    {
        var result = new List<Transaction>();
        if (_byParent.TryGetValue(parent, out var children))
        {
            foreach (var child in children.ToList())
            {
                if (_orphans.TryGetValue(child, out var tx))
                {
                    result.Add(tx);
                    Remove(child);
                }
            }
        }

        return result;
    }

    public void Remove(Hash256 txId)
    {
        if (!_orphans.Remove(txId, out var tx))
        {
            return;
        }

        for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
        {
            var input = tx.Inputs[inputIndex];
            if (_byParent.TryGetValue(input.PrevOut.TxId, out var children) && children.Remove(txId) && children.Count == 0)
            {
                _byParent.Remove(input.PrevOut.TxId);
            }
        }
    }
}
