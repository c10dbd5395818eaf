using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Storage;

namespace RustyNode.Consensus.Mining;

/// <summary>
/// The coins one key can spend on the next block: mature confirmed outputs locked to it and the
/// mempool's outputs to it, minus those a mempool transaction already spends. Enough of a wallet for
/// the regtest helpers (the key is <see cref="Service.RegtestKeys.Miner"/>, which "generate" pays).
/// </summary>
internal static class RegtestWallet
{
    /// <summary>Most confirmed coins looked at.</summary>
    private const int MaxCoins = 100_000;

    public static List<WalletCoin> FindSpendable(ChainStore store, TxMempool mempool, PrivateKey key, int nextHeight, int maturity)
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
    public static Transaction? Pay(IReadOnlyList<WalletCoin> coins, IReadOnlyList<TxOut> outputs, PrivateKey key)
    {
        var needed = outputs.Sum(o => o.Value);
        var chosen = new List<WalletCoin>();
        long total = 0;
        foreach (var coin in coins)
        {
            if (total >= needed + Fee(chosen.Count, outputs.Count + 1))
            {
                break;
            }

            chosen.Add(coin);
            total += coin.Coin.Output.Value;
        }

        var fee = Fee(chosen.Count, outputs.Count + 1);
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
    private static long Fee(int inputs, int outputs) => 2 * (100 + (150 * Math.Max(inputs, 1)) + (40 * outputs));
}
