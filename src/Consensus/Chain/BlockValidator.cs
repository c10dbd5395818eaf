using RustyNode.Consensus.Crypto;
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
    /// Applies the block on top of <paramref name="baseView"/> (its parent's UTXO set): coinbase height,
    /// finality, special types, inputs, fees, coinbase amount and every signature. On success
    /// <paramref name="changes"/> holds the spent and created coins; nothing is written.
    /// </summary>
    public static ValidationResult Connect(Block block, BlockIndexEntry entry, ICoinView baseView, ChainParameters parameters, BlockConnectOptions options, out CoinViewCache changes)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        changes = new CoinViewCache(baseView);
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
            var result = CheckContext(tx, height, medianTimePast, options);
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

            fees += fee;
        }

        var allowed = parameters.GetBlockSubsidy(height) + fees;
        if (coinbase.TotalOutput() > allowed)
        {
            return ValidationResult.Reject(RejectReason.BadCoinbaseAmount, $"coinbase pays {coinbase.TotalOutput()}, allowed {allowed}");
        }

        return SignatureJob.VerifyAll(jobs, options.Backend, options.DegreeOfParallelism);
    }

    private static ValidationResult CheckContext(Transaction tx, int height, uint medianTimePast, BlockConnectOptions options)
    {
        if (!TransactionValidator.IsFinal(tx, height, medianTimePast))
        {
            return ValidationResult.Reject(RejectReason.NotFinal, $"tx {tx.TxId}");
        }

        if (tx.Type != SpecialTransactionType.Normal)
        {
            var reason = options.SpecialTransactions.Check(tx, height);
            if (reason != RejectReason.None)
            {
                return ValidationResult.Reject(reason, $"tx {tx.TxId} of type {tx.Type}");
            }
        }

        return ValidationResult.Ok;
    }
}
