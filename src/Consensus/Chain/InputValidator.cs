using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>Rules that need the spent outputs (CHAIN-5.7 to CHAIN-5.9): existence, maturity, amounts.</summary>
public static class InputValidator
{
    /// <summary>
    /// Spends the inputs of a non-coinbase <paramref name="tx"/> in <paramref name="view"/>, adds its
    /// outputs, appends one signature job per input and returns the fee. The view is left modified
    /// only when the result is accepted.
    /// </summary>
    public static ValidationResult Apply(Transaction tx, CoinViewCache view, int spendHeight, ChainParameters parameters, List<SignatureJob> jobs, out long fee)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(jobs);
        fee = 0;
        var coins = new Coin[tx.Inputs.Count];
        long totalIn = 0;
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            var prevOut = tx.Inputs[i].PrevOut;
            if (!view.TryGetCoin(prevOut, out var coin))
            {
                return view.WasSpentHere(prevOut)
                    ? ValidationResult.Reject(RejectReason.DoubleSpend, $"{prevOut} is spent twice")
                    : ValidationResult.Reject(RejectReason.MissingInputs, $"{prevOut} is not an unspent output");
            }

            if (coin.IsCoinbase && spendHeight - coin.Height < parameters.CoinbaseMaturity)
            {
                return ValidationResult.Reject(RejectReason.PrematureCoinbaseSpend, $"{prevOut} has {spendHeight - coin.Height} confirmations");
            }

            totalIn += coin.Output.Value;
            if (!Money.InRange(coin.Output.Value) || !Money.InRange(totalIn))
            {
                return ValidationResult.Reject(RejectReason.NegativeOrLargeOutput, "input values out of range");
            }

            coins[i] = coin;
        }

        var totalOut = tx.TotalOutput();
        if (totalIn < totalOut)
        {
            return ValidationResult.Reject(RejectReason.Overspend, $"spends {totalIn}, creates {totalOut}");
        }

        fee = totalIn - totalOut;
        var hasher = new SignatureHasher(tx);
        for (var i = 0; i < coins.Length; i++)
        {
            view.Spend(tx.Inputs[i].PrevOut, coins[i]);
            jobs.Add(new SignatureJob(tx, hasher, i, coins[i]));
        }

        AddOutputs(tx, view, spendHeight);
        return ValidationResult.Ok;
    }

    /// <summary>Adds every output of <paramref name="tx"/> to the view as coins created at <paramref name="height"/>.</summary>
    public static void AddOutputs(Transaction tx, CoinViewCache view, int height)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(view);
        var txId = tx.TxId;
        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            view.Add(new Primitives.OutPoint(txId, (uint)i), new Coin(tx.Outputs[i], height, tx.IsCoinbase));
        }
    }
}
