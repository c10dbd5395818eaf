using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mining;

/// <summary>
/// Builds load for regtest relay (make_txs): signed transactions spending a key's coins back to
/// itself, splitting coins when there are fewer than the transactions asked for. Coins are spent
/// first-in first-out and new outputs join the back of the queue, so a transaction's parents come
/// before it and the dependency depth stays small (a split fans out to many outputs).
/// </summary>
public sealed class RegtestWallet
{
    /// <summary>Most outputs of one split.</summary>
    public const int MaxSplitOutputs = 50;

    /// <summary>Smallest output the wallet creates, in base units.</summary>
    public const long MinOutputValue = 10_000;

    private readonly PrivateKey _key;
    private readonly long _feeRatePerKb;

    /// <param name="key">The key whose coins are spent and paid to.</param>
    /// <param name="feeRatePerKb">Fee paid per 1,000 bytes (of a generous size estimate).</param>
    public RegtestWallet(PrivateKey key, long feeRatePerKb)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(feeRatePerKb);
        _key = key;
        _feeRatePerKb = feeRatePerKb;
    }

    /// <summary>The wallet's locking script.</summary>
    public byte[] ScriptPubKey => _key.ScriptPubKey;

    /// <summary>
    /// Builds up to <paramref name="count"/> transactions from <paramref name="coins"/> (spendable
    /// outputs locked to the key), parents first. Fewer come back only when the coins run out of value.
    /// </summary>
    public List<Transaction> Build(IEnumerable<(OutPoint OutPoint, Coin Coin)> coins, int count)
    {
        ArgumentNullException.ThrowIfNull(coins);
        var queue = new Queue<(OutPoint OutPoint, Coin Coin)>(coins);
        var result = new List<Transaction>(count);
        while (result.Count < count && queue.TryDequeue(out var spend))
        {
            var remaining = count - result.Count;
            var outputs = queue.Count + 1 >= remaining ? 1 : (int)Math.Clamp((remaining + queue.Count) / (queue.Count + 1), 2, MaxSplitOutputs);
            var value = spend.Coin.Output.Value;
            while (outputs > 1 && value - Fee(outputs) < outputs * MinOutputValue)
            {
                outputs--;
            }

            var fee = Fee(outputs);
            if (value - fee < MinOutputValue)
            {
                continue;
            }

            var tx = Spend(spend, outputs, value - fee);
            result.Add(tx);
            for (var i = 0; i < outputs; i++)
            {
                queue.Enqueue((new OutPoint(tx.TxId, (uint)i), new Coin(tx.Outputs[i], -1, false)));
            }
        }

        return result;
    }

    private Transaction Spend((OutPoint OutPoint, Coin Coin) spend, int outputs, long total)
    {
        var each = total / outputs;
        var txOuts = new TxOut[outputs];
        for (var i = 0; i < outputs; i++)
        {
            txOuts[i] = new TxOut(i == 0 ? total - (each * (outputs - 1)) : each, _key.ScriptPubKey);
        }

        var unsigned = new Transaction(1, [new TxIn(spend.OutPoint, [])], txOuts, 0);
        return TransactionSigner.Sign(unsigned, [spend.Coin], [_key]);
    }

    /// <summary>The fee for one input and <paramref name="outputs"/> outputs, on an upper bound of the size.</summary>
    private long Fee(int outputs)
    {
        var size = 10 + 150 + (outputs * (9 + 1 + _key.ScriptPubKey.Length));
        return ((size * _feeRatePerKb) + 999) / 1000;
    }
}
