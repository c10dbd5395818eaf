using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Storage;

namespace RustyNode.Consensus.Mining;

/// <summary>
/// Enough of a wallet for the regtest helpers (the key is usually <see cref="Service.RegtestKeys.Miner"/>,
/// which "generate" pays). <see cref="FindSpendable"/> lists the coins a key can spend on the next
/// block; <see cref="Pay"/> funds given outputs from them (register_masternodes); an instance
/// builds relay load (make_txs): signed transactions spending a key's coins back to itself,
/// splitting coins when there are fewer than the transactions asked for. Coins are spent
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

    /// <summary>Most confirmed coins looked at.</summary>
    private const int MaxCoins = 100_000;

    /// <summary>
    /// The coins <paramref name="key"/> can spend on block <paramref name="nextHeight"/>: mature confirmed
    /// outputs locked to it and the mempool's outputs to it, minus those a mempool transaction already
    /// spends; largest first.
    /// </summary>
    internal static List<WalletCoin> FindSpendable(ChainStore store, TxMempool mempool, PrivateKey key, int nextHeight, int maturity)
    {
        var result = new List<WalletCoin>();
        foreach (var (outPoint, coin) in store.LoadCoinsByScript(key.ScriptPubKey, MaxCoins))
        {
            if ((!coin.IsCoinbase || nextHeight - coin.Height >= maturity) && !mempool.TryGetSpender(outPoint, out _))
            {
                result.Add(new WalletCoin(outPoint, coin, key));
            }
        }

        foreach (var entry in mempool.Entries)
        {
            var tx = entry.Tx;
            for (var i = 0; i < tx.Outputs.Count; i++)
            {
                var outPoint = new OutPoint(tx.TxId, (uint)i);
                if (tx.Outputs[i].ScriptPubKey.AsSpan().SequenceEqual(key.ScriptPubKey) && !mempool.TryGetSpender(outPoint, out _))
                {
                    result.Add(new WalletCoin(outPoint, new Coin(tx.Outputs[i], nextHeight, false), key));
                }
            }
        }

        result.Sort((a, b) => b.Coin.Output.Value.CompareTo(a.Coin.Output.Value));
        return result;
    }

    /// <summary>
    /// A transaction spending the largest of <paramref name="coins"/> until they cover
    /// <paramref name="outputs"/> and the fee, with change to the key; null when they cannot.
    /// </summary>
    internal static Transaction? Pay(IReadOnlyList<WalletCoin> coins, IReadOnlyList<TxOut> outputs, PrivateKey key)
    {
        var needed = outputs.Sum(o => o.Value);
        var chosen = new List<WalletCoin>();
        long total = 0;
        foreach (var coin in coins)
        {
            if (total >= needed + PayFee(chosen.Count, outputs.Count + 1))
            {
                break;
            }

            chosen.Add(coin);
            total += coin.Coin.Output.Value;
        }

        var fee = PayFee(chosen.Count, outputs.Count + 1);
        if (total < needed + fee)
        {
            return null;
        }

        List<TxOut> all = [.. outputs];
        if (total - needed - fee > 0)
        {
            all.Add(new TxOut(total - needed - fee, key.ScriptPubKey));
        }

        var template = new Transaction(1, [.. chosen.Select(c => new TxIn(c.OutPoint, []))], all, 0);
        return TransactionSigner.Sign(template, [.. chosen.Select(c => c.Coin)], [.. chosen.Select(c => c.Key)]);
    }

    /// <summary>Twice the minimum relay fee for a transaction of this shape (about 150 bytes an input, 40 an output).</summary>
    private static long PayFee(int inputs, int outputs) => 2 * (100 + (150 * Math.Max(inputs, 1)) + (40 * outputs));
}
