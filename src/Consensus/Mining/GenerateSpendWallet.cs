using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Mining;

/// <summary>
/// The coins of one key that regtest "generate" spends to fill blocks with transactions (CHAIN-9.2):
/// each spend takes the oldest coin and pays it back to the key in two outputs, less a fee. Outputs
/// of generated spends are spendable in the next block.
/// </summary>
internal sealed class GenerateSpendWallet
{
    /// <summary>Fee of each generated spend, in base units.</summary>
    public const long Fee = ChainGenerator.FeePerTransaction;

    /// <summary>Smallest coin worth splitting in two.</summary>
    private const long SplitThreshold = 100 * Fee;

    private readonly Queue<WalletCoin> _coins = new();
    private readonly PrivateKey _key;

    public GenerateSpendWallet(PrivateKey key, IEnumerable<WalletCoin> coins)
    {
        ArgumentNullException.ThrowIfNull(coins);
        _key = key;
        foreach (var coin in coins)
        {
            _coins.Enqueue(coin);
        }
    }

    /// <summary>Coins available now.</summary>
    public int Count => _coins.Count;

    /// <summary>Signed spends of up to <paramref name="count"/> coins.</summary>
    public List<Transaction> TakeSpends(int count)
    {
        var result = new List<Transaction>(count);
        while (result.Count < count && _coins.TryDequeue(out var coin))
        {
            var value = coin.Coin.Output.Value - Fee;
            if (value <= 0)
            {
                continue;
            }

            TxOut[] outputs = value >= SplitThreshold
                ? [new TxOut(value - (value / 2), _key.ScriptPubKey), new TxOut(value / 2, _key.ScriptPubKey)]
                : [new TxOut(value, _key.ScriptPubKey)];
            var unsigned = new Transaction(1, [new TxIn(coin.OutPoint, [])], outputs, 0);
            result.Add(TransactionSigner.Sign(unsigned, [coin.Coin], [_key]));
        }

        return result;
    }

    /// <summary>Makes the outputs of <paramref name="spends"/>, confirmed at <paramref name="height"/>, spendable.</summary>
    public void AddOutputs(IEnumerable<Transaction> spends, int height)
    {
        ArgumentNullException.ThrowIfNull(spends);
        foreach (var tx in spends)
        {
            for (var i = 0; i < tx.Outputs.Count; i++)
            {
                _coins.Enqueue(new WalletCoin(new Primitives.OutPoint(tx.TxId, (uint)i), new Coin(tx.Outputs[i], height, false), _key));
            }
        }
    }
}
