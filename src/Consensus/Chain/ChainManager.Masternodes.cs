using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Storage;

namespace RustyNode.Consensus.Chain;

/// <summary>The masternode list that follows the active chain (MNL-4, MNL-6) and what block production and the mempool ask of it.</summary>
public sealed partial class ChainManager
{
    private MasternodeList _masternodes = new();

    /// <summary>The masternode list after the active tip. Callers must not change it.</summary>
    public MasternodeList Masternodes => _masternodes;

    /// <summary>Writes a connected block and its list changes in one store transaction; on a store failure the list in memory is put back.</summary>
    private void StoreConnected(BlockIndexEntry entry, byte[]? blockBytes, CoinViewCache changes, MasternodeListUpdate masternodeChanges)
    {
        try
        {
            _store.ConnectBlock(entry, blockBytes, changes, masternodeChanges);
        }
        catch
        {
            _masternodes.Revert(masternodeChanges);
            throw;
        }

        if (masternodeChanges.Count > 0)
        {
            Log.MasternodeListChanged(_logger, entry.Hash, entry.Height, masternodeChanges.Count, _masternodes.Count, _masternodes.Root);
        }
    }

    /// <summary>
    /// The masternode rules for a mempool candidate whose inputs were applied to <paramref name="view"/>,
    /// as if it were the next block's only transaction; the list is left unchanged.
    /// </summary>
    public ValidationResult CheckMasternodeRules(Transaction tx, ICoinView view)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var trial = new MasternodeListUpdate();
        var result = MasternodeRules.ApplyTransaction(_masternodes, tx, view, Tip.Height + 1, Parameters, Options.Backend, trial);
        _masternodes.Revert(trial);
        return result;
    }

    /// <summary>
    /// The mempool selection without the transactions that would break a masternode rule when applied
    /// in order on top of the tip (two pending registrations of one key, an update of a masternode whose
    /// collateral an earlier transaction spends, ...), and without their descendants.
    /// </summary>
    public IReadOnlyList<MempoolEntry> DropMasternodeConflicts(IReadOnlyList<MempoolEntry> selected)
    {
        ArgumentNullException.ThrowIfNull(selected);
        var kept = new List<MempoolEntry>(selected.Count);
        TrialApply(selected.Select(e => e.Tx), (index, _) => kept.Add(selected[index]));
        return kept;
    }

    /// <summary>The commitment a coinbase must carry for a next block holding <paramref name="transactions"/>.</summary>
    /// <exception cref="InvalidOperationException">A transaction breaks a masternode rule.</exception>
    public CoinbaseCommitment ComputeNextCommitment(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var accepted = 0;
        var commitment = TrialApply(transactions, (_, _) => accepted++);
        return accepted == transactions.Count
            ? commitment
            : throw new InvalidOperationException("A transaction breaks a masternode rule on top of the tip.");
    }

    /// <summary>
    /// The list after the active block <paramref name="entry"/>: the tip's list with the later blocks'
    /// changes reverted. Null when the block is not on the active chain.
    /// </summary>
    public MasternodeList? GetMasternodeListAt(BlockIndexEntry entry)
    {
        if (!IsActive(entry))
        {
            return null;
        }

        var list = _masternodes.Clone();
        for (var height = Tip.Height; height > entry.Height; height--)
        {
            list.Revert(_store.GetMasternodeUndo(_active[height].Hash) ?? MasternodeListUpdate.Empty);
        }

        return list;
    }

    /// <summary>
    /// The net change of the list from after <paramref name="from"/> to after <paramref name="to"/>,
    /// both active with <paramref name="from"/> not above <paramref name="to"/>: each id changed in
    /// between with its entry at both ends (MNL-6.3). Null when either block is not active or the order is wrong.
    /// </summary>
    public IReadOnlyList<MasternodeChange>? GetMasternodeChanges(BlockIndexEntry from, BlockIndexEntry to)
    {
        if (!IsActive(from) || !IsActive(to) || from.Height > to.Height)
        {
            return null;
        }

        var all = new MasternodeListUpdate();
        for (var height = from.Height + 1; height <= to.Height; height++)
        {
            foreach (var change in (_store.GetMasternodeUndo(_active[height].Hash) ?? MasternodeListUpdate.Empty).Changes)
            {
                all.Add(change);
            }
        }

        return [.. all.NetChanges().Where(c => !Equals(c.Before, c.After))];
    }

    /// <summary>Applies <paramref name="transactions"/> in order to a trial of the next block and reverts it; returns the commitment after the kept ones.</summary>
    private CoinbaseCommitment TrialApply(IEnumerable<Transaction> transactions, Action<int, Transaction> kept)
    {
        var height = Tip.Height + 1;
        var view = new CoinViewCache(_store);
        var trial = new MasternodeListUpdate();
        var dropped = new HashSet<Hash256>();
        var index = 0;
        try
        {
            foreach (var tx in transactions)
            {
                var current = index++;
                if (tx.Inputs.Any(i => dropped.Contains(i.PrevOut.TxId)) || !SpendForTrial(tx, view, height)
                    || !MasternodeRules.ApplyTransaction(_masternodes, tx, view, height, Parameters, Options.Backend, trial).IsAccepted)
                {
                    dropped.Add(tx.TxId);
                    continue;
                }

                kept(current, tx);
            }

            return _masternodes.Commitment;
        }
        finally
        {
            _masternodes.Revert(trial);
        }
    }

    private static bool SpendForTrial(Transaction tx, CoinViewCache view, int height)
    {
        var coins = new Coin[tx.Inputs.Count];
        for (var i = 0; i < coins.Length; i++)
        {
            if (!view.TryGetCoin(tx.Inputs[i].PrevOut, out coins[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < coins.Length; i++)
        {
            view.Spend(tx.Inputs[i].PrevOut, coins[i]);
        }

        InputValidator.AddOutputs(tx, view, height);
        return true;
    }
}
