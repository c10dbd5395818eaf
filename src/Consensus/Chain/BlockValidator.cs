using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>Block rules: context-free (CHAIN-5.6) and the connect rules against the UTXO set (CHAIN-5.7 to 5.10).</summary>
public static class BlockValidator
{
    /// <summary>Proof of work, size, merkle root and mutation, coinbase placement, every transaction's shape.</summary>
    public static ValidationResult CheckBlock(Block block, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(parameters);
        var pow = HeaderValidator.CheckProofOfWork(block.Header, parameters);
        if (!pow.IsAccepted)
        {
            return pow;
        }

        if (block.Transactions.Count == 0)
        {
            return ValidationResult.Reject(RejectReason.NoTransactions);
        }

        if (block.Size > parameters.MaxBlockSize)
        {
            return ValidationResult.Reject(RejectReason.Oversize, $"block of {block.Size} bytes");
        }

        var root = MerkleTree.ComputeRoot(block.Transactions, out var mutated);
        if (root != block.Header.MerkleRoot)
        {
            return ValidationResult.Reject(RejectReason.BadMerkleRoot, $"computed {root}");
        }

        if (mutated)
        {
            return ValidationResult.Reject(RejectReason.MutatedMerkleTree);
        }

        return CheckTransactions(block.Transactions);
    }

    private static ValidationResult CheckTransactions(IReadOnlyList<Transaction> transactions)
    {
        if (!transactions[0].IsCoinbase)
        {
            return ValidationResult.Reject(RejectReason.FirstNotCoinbase);
        }

        var ids = new HashSet<Hash256>(transactions.Count);
        for (var i = 0; i < transactions.Count; i++)
        {
            var tx = transactions[i];
            if (i > 0 && tx.IsCoinbase)
            {
                return ValidationResult.Reject(RejectReason.MultipleCoinbases);
            }

            var result = TransactionValidator.CheckTransaction(tx);
            if (!result.IsAccepted)
            {
                return result with { Detail = $"tx {tx.TxId}: {result.Detail}" };
            }

            if (!ids.Add(tx.TxId))
            {
                return ValidationResult.Reject(RejectReason.DuplicateTransaction, tx.TxId.ToString());
            }
        }

        return ValidationResult.Ok;
    }

    /// <summary>
    /// Applies the block on top of <paramref name="baseView"/> (its parent's UTXO set) and
    /// <paramref name="masternodes"/> (its parent's masternode list): coinbase height, finality, special
    /// types, inputs, masternode rules, fees, the coinbase amount and commitment, and every signature.
    /// On success <paramref name="changes"/> holds the spent and created coins and the list has moved to
    /// the block, its steps in <paramref name="masternodeChanges"/>; on a refusal the list is as before.
    /// Nothing is written to the store.
    /// </summary>
    public static ValidationResult Connect(Block block, BlockIndexEntry entry, ICoinView baseView, ChainParameters parameters, BlockConnectOptions options, MasternodeList masternodes, out CoinViewCache changes, out MasternodeListUpdate masternodeChanges)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(masternodes);
        changes = new CoinViewCache(baseView);
        masternodeChanges = new MasternodeListUpdate();
        var result = ConnectCore(block, entry, changes, parameters, options, masternodes, masternodeChanges);
        if (!result.IsAccepted)
        {
            masternodes.Revert(masternodeChanges);
        }

        return result;
    }

    private static ValidationResult ConnectCore(Block block, BlockIndexEntry entry, CoinViewCache changes, ChainParameters parameters, BlockConnectOptions options, MasternodeList masternodes, MasternodeListUpdate masternodeChanges)
    {
        var height = entry.Height;
        var coinbase = block.Transactions[0];
        if (!coinbase.Inputs[0].ScriptSig.AsSpan().StartsWith(TransactionValidator.CoinbaseHeightPrefix(height)))
        {
            return ValidationResult.Reject(RejectReason.BadCoinbaseHeight, $"coinbase does not commit to height {height}");
        }

        var medianTimePast = entry.Previous?.MedianTimePast() ?? 0;
        var jobs = new List<SignatureJob>(block.Transactions.Count * 2);
        long fees = 0;
        foreach (var tx in block.Transactions)
        {
            var result = CheckContext(tx, height, medianTimePast, parameters);
            if (!result.IsAccepted)
            {
                return result;
            }

            if (tx.IsCoinbase)
            {
                InputValidator.AddOutputs(tx, changes, height);
                continue;
            }

            result = InputValidator.Apply(tx, changes, height, parameters, jobs, out var fee);
            if (!result.IsAccepted)
            {
                return result with { Detail = $"tx {tx.TxId}: {result.Detail}" };
            }

            result = MasternodeRules.ApplyTransaction(masternodes, tx, changes, height, parameters, options.Backend, masternodeChanges);
            if (!result.IsAccepted)
            {
                return result;
            }

            fees += fee;
        }

        var allowed = parameters.GetBlockSubsidy(height) + fees;
        if (coinbase.TotalOutput() > allowed)
        {
            return ValidationResult.Reject(RejectReason.BadCoinbaseAmount, $"coinbase pays {coinbase.TotalOutput()}, allowed {allowed}");
        }

        var commitment = MasternodeRules.CheckCoinbase(coinbase, masternodes, height, parameters);
        return commitment.IsAccepted ? SignatureJob.VerifyAll(jobs, options.Backend, options.DegreeOfParallelism) : commitment;
    }

    private static ValidationResult CheckContext(Transaction tx, int height, uint medianTimePast, ChainParameters parameters)
    {
        if (!TransactionValidator.IsFinal(tx, height, medianTimePast))
        {
            return ValidationResult.Reject(RejectReason.NotFinal, $"tx {tx.TxId}");
        }

        var reason = MasternodeRules.CheckType(tx, height, parameters);
        return reason == RejectReason.None
            ? ValidationResult.Ok
            : ValidationResult.Reject(reason, $"tx {tx.TxId} of type {tx.Type}");
    }
}
