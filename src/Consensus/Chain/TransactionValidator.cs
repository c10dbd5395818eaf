using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>Context-free transaction rules (CHAIN-5.1 to CHAIN-5.4).</summary>
public static class TransactionValidator
{
    /// <summary>Checks shape, amounts, duplicate inputs and coinbase script size.</summary>
    public static ValidationResult CheckTransaction(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (tx.Inputs.Count == 0)
        {
            return ValidationResult.Reject(RejectReason.NoInputs);
        }

        if (tx.Outputs.Count == 0)
        {
            return ValidationResult.Reject(RejectReason.NoOutputs);
        }

        if (tx.Size > ChainLimits.MaxTransactionSize)
        {
            return ValidationResult.Reject(RejectReason.Oversize, $"transaction of {tx.Size} bytes");
        }

        long total = 0;
        for (var outputIndex = 0; outputIndex < tx.Outputs.Count; outputIndex++)
        {
            var output = tx.Outputs[outputIndex];
            if (!Money.InRange(output.Value))
            {
                return ValidationResult.Reject(RejectReason.NegativeOrLargeOutput, $"output value {output.Value}");
            }

            total += output.Value;
            if (!Money.InRange(total))
            {
                return ValidationResult.Reject(RejectReason.TotalOutputTooLarge);
            }
        }

        return tx.IsCoinbase ? CheckCoinbaseShape(tx) : CheckInputsShape(tx);
    }

    private static ValidationResult CheckCoinbaseShape(Transaction tx)
    {
        var length = tx.Inputs[0].ScriptSig.Length;
        return length is < ChainLimits.MinCoinbaseScriptSize or > ChainLimits.MaxCoinbaseScriptSize
            ? ValidationResult.Reject(RejectReason.BadCoinbaseScript, $"coinbase script of {length} bytes")
            : ValidationResult.Ok;
    }

    private static ValidationResult CheckInputsShape(Transaction tx)
    {
        // The usual few inputs are compared pairwise, which allocates nothing; many go through a set.
        var inputs = tx.Inputs;
        var seen = inputs.Count > 16 ? new HashSet<OutPoint>(inputs.Count) : null;
        for (var i = 0; i < inputs.Count; i++)
        {
            var prevOut = inputs[i].PrevOut;
            if (prevOut.IsNull)
            {
                return ValidationResult.Reject(RejectReason.NullPrevout);
            }

            if (seen is null ? SpentBefore(inputs, i) : !seen.Add(prevOut))
            {
                return ValidationResult.Reject(RejectReason.DuplicateInput, prevOut.ToString());
            }
        }

        return ValidationResult.Ok;
    }

    private static bool SpentBefore(IReadOnlyList<TxIn> inputs, int index)
    {
        for (var j = 0; j < index; j++)
        {
            if (inputs[j].PrevOut == inputs[index].PrevOut)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the transaction is final in a block at <paramref name="height"/> whose predecessor
    /// has median time <paramref name="medianTimePast"/> (CHAIN-5.5).
    /// </summary>
    public static bool IsFinal(Transaction tx, int height, uint medianTimePast)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (tx.LockTime == 0)
        {
            return true;
        }

        var limit = tx.LockTime < 500_000_000 ? (long)height : medianTimePast;
        if (tx.LockTime < limit)
        {
            return true;
        }

        for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
        {
            var input = tx.Inputs[inputIndex];
            if (input.Sequence != uint.MaxValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The height a coinbase scriptSig commits to: a length byte n (1 to 8) and n little-endian bytes.</summary>
    public static bool TryGetCoinbaseHeight(Transaction coinbase, out long height)
    {
        ArgumentNullException.ThrowIfNull(coinbase);
        height = -1;
        var script = coinbase.Inputs[0].ScriptSig;
        if (script.Length < 1 || script[0] is < 1 or > 8 || script.Length < 1 + script[0])
        {
            return false;
        }

        long value = 0;
        for (var i = script[0]; i >= 1; i--)
        {
            value = (value << 8) | script[i];
        }

        height = value;
        return true;
    }

    /// <summary>The coinbase scriptSig prefix that commits to <paramref name="height"/> (shortest form).</summary>
    public static byte[] CoinbaseHeightPrefix(int height)
    {
        var length = height <= 0xff ? 1 : height <= 0xffff ? 2 : height <= 0xff_ffff ? 3 : 4;
        var prefix = new byte[1 + length];
        prefix[0] = (byte)length;
        for (var i = 0; i < length; i++)
        {
            prefix[1 + i] = (byte)(height >> (8 * i));
        }

        return prefix;
    }
}
