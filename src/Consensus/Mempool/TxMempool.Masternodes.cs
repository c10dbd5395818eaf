using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mempool;

/// <summary>Special transactions in the mempool (MNL-7): their claims, and their revalidation when the list moves.</summary>
public sealed partial class TxMempool
{
    private readonly Dictionary<Hash256, Hash256> _claims = [];

    /// <summary>True when a pending special transaction holds <paramref name="claim"/> (<see cref="MasternodeClaims"/>).</summary>
    public bool IsClaimed(Hash256 claim) => _claims.ContainsKey(claim);

    /// <summary>A pending transaction that already holds one of <paramref name="tx"/>'s claims, or null.</summary>
    private Hash256? FindClaimConflict(Transaction tx)
    {
        foreach (var claim in MasternodeClaims.Of(tx))
        {
            if (_claims.TryGetValue(claim, out var holder))
            {
                return holder;
            }
        }

        return null;
    }

    private void AddClaims(Transaction tx)
    {
        if (tx.Type == SpecialTransactionType.Normal)
        {
            return;
        }

        foreach (var claim in MasternodeClaims.Of(tx))
        {
            _claims[claim] = tx.TxId;
        }
    }

    private void RemoveClaims(Transaction tx)
    {
        if (tx.Type == SpecialTransactionType.Normal)
        {
            return;
        }

        foreach (var claim in MasternodeClaims.Of(tx))
        {
            _claims.Remove(claim);
        }
    }

    /// <summary>After a block: pending special transactions that no longer apply to the new list leave, with their descendants.</summary>
    private void RevalidateSpecialTransactions()
    {
        var special = _entries.Values.Where(e => e.Tx.Type != SpecialTransactionType.Normal).Select(e => e.Tx).ToList();
        foreach (var tx in special)
        {
            if (!_entries.ContainsKey(tx.TxId))
            {
                continue;
            }

            var view = new CoinViewCache(this);
            var inputs = InputValidator.Apply(tx, view, _chain.Tip.Height + 1, _chain.Parameters, [], out _);
            var result = inputs.IsAccepted ? _chain.CheckMasternodeRules(tx, view) : inputs;
            if (!result.IsAccepted)
            {
                Remove(tx.TxId, true, $"no longer valid for the masternode list ({result.Reason})");
            }
        }
    }
}
