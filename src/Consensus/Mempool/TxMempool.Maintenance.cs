using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mempool;

/// <summary>Adding, removing, eviction, block selection and following the chain.</summary>
public sealed partial class TxMempool
{
    private const string ConfirmedReason = "confirmed";

    private void Add(MempoolEntry entry)
    {
        _entries.Add(entry.Tx.TxId, entry);
        _byFeeRate.Add(entry);
        Bytes += entry.Size;
        for (var inputIndex = 0; inputIndex < entry.Tx.Inputs.Count; inputIndex++)
        {
            var input = entry.Tx.Inputs[inputIndex];
            _spentBy[input.PrevOut] = entry.Tx.TxId;
        }

        AddClaims(entry.Tx);
    }

    /// <summary>Removes a transaction and, when <paramref name="withDescendants"/>, every transaction spending its outputs.</summary>
    private void Remove(Hash256 txId, bool withDescendants, string reason)
    {
        if (!_entries.Remove(txId, out var entry))
        {
            return;
        }

        _byFeeRate.Remove(entry);
        Bytes -= entry.Size;
        for (var inputIndex = 0; inputIndex < entry.Tx.Inputs.Count; inputIndex++)
        {
            var input = entry.Tx.Inputs[inputIndex];
            _spentBy.Remove(input.PrevOut);
        }

        RemoveClaims(entry.Tx);

        Log.TransactionEvicted(_logger, txId, reason);
        if (!string.Equals(reason, ConfirmedReason, StringComparison.Ordinal))
        {
            RemovedUnconfirmed?.Invoke(entry.Tx);
        }

        if (!withDescendants)
        {
            return;
        }

        for (var i = 0; i < entry.Tx.Outputs.Count; i++)
        {
            if (_spentBy.TryGetValue(new OutPoint(txId, (uint)i), out var child))
            {
                Remove(child, true, reason);
            }
        }
    }

    private void TrimToSize()
    {
        while (Bytes > _options.MaxBytes && _byFeeRate.Min is { } lowest)
        {
            Remove(lowest.Tx.TxId, true, "mempool full");
        }
    }

    /// <summary>
    /// Transactions for a new block, parents before children, highest fee rate first among those
    /// whose parents are already chosen, within <paramref name="maxBytes"/>.
    /// </summary>
    public IReadOnlyList<MempoolEntry> SelectForBlock(int maxBytes)
    {
        var pending = _byFeeRate.Reverse().ToList();
        var chosen = new List<MempoolEntry>();
        var chosenIds = new HashSet<Hash256>();
        var used = 0;
        var progress = true;
        while (progress)
        {
            progress = false;
            for (var i = 0; i < pending.Count; i++)
            {
                var entry = pending[i];
                if (entry is null || used + entry.Size > maxBytes
                    || !entry.Tx.Inputs.All(input => !_entries.ContainsKey(input.PrevOut.TxId) || chosenIds.Contains(input.PrevOut.TxId)))
                {
                    continue;
                }

                chosen.Add(entry);
                chosenIds.Add(entry.Tx.TxId);
                used += entry.Size;
                pending[i] = null!;
                progress = true;
            }
        }

        return chosen;
    }

    /// <summary>
    /// Follows the chain (CHAIN-8.4): confirmed and conflicting transactions leave; after a
    /// disconnection the disconnected blocks' transactions come back and everything is revalidated.
    /// </summary>
    public void OnChainUpdate(ChainUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!update.Changed)
        {
            return;
        }

        if (update.Disconnected.Count > 0)
        {
            Rebuild(update);
            return;
        }

        foreach (var block in update.Connected)
        {
            RemoveForBlock(block);
        }

        RevalidateSpecialTransactions();
    }

    private void RemoveForBlock(Block block)
    {
        foreach (var tx in block.Transactions)
        {
            _orphans.Remove(tx.TxId);
            Remove(tx.TxId, false, ConfirmedReason);
            for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
            {
                var input = tx.Inputs[inputIndex];
                if (_spentBy.TryGetValue(input.PrevOut, out var conflicting))
                {
                    Remove(conflicting, true, "conflicts with a block");
                }
            }
        }

        foreach (var tx in block.Transactions)
        {
            foreach (var orphan in _orphans.TakeChildren(tx.TxId))
            {
                Accept(orphan);
            }
        }
    }

    private void Rebuild(ChainUpdate update)
    {
        var candidates = new List<Transaction>();
        for (var i = update.Disconnected.Count - 1; i >= 0; i--)
        {
            candidates.AddRange(update.Disconnected[i].Transactions.Where(tx => !tx.IsCoinbase));
        }

        candidates.AddRange(Entries.Select(e => e.Tx));
        foreach (var entry in _entries.Values.ToList())
        {
            Remove(entry.Tx.TxId, false, "revalidating after a reorganisation");
        }

        var confirmed = update.Connected.SelectMany(b => b.Transactions).Select(tx => tx.TxId).ToHashSet();
        foreach (var tx in candidates)
        {
            if (!confirmed.Contains(tx.TxId))
            {
                AcceptOne(tx, allowOrphan: false);
            }
        }
    }

    private sealed class FeeRateComparer : IComparer<MempoolEntry>
    {
        public static FeeRateComparer Instance { get; } = new();

        public int Compare(MempoolEntry? x, MempoolEntry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }

            var c = x.FeeRatePerKb.CompareTo(y.FeeRatePerKb);
            return c != 0 ? c : y.Sequence.CompareTo(x.Sequence);
        }
    }
}
