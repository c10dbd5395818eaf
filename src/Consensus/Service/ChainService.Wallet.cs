using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>The regtest wallet behind make_txs: spends the coins of <see cref="RegtestKeys.Miner"/>.</summary>
public sealed partial class ChainService
{
    /// <summary>Serialises the regtest helpers that spend the miner key's coins (make_txs, register_masternodes).</summary>
    private readonly Lock _walletGate = new();

    /// <summary>Most transactions one make_txs may build.</summary>
    public const int MaxMakeTransactions = 100_000;

    /// <summary>
    /// <c>{"type":"make_txs","count":N}</c> (regtest only): builds N signed transactions spending
    /// the miner key's mature coins and its own unconfirmed outputs (splitting coins as needed),
    /// offers them to the mempool parents first (so they are relayed), and returns their ids.
    /// </summary>
    public MakeTxsResult MakeTransactions(int count)
    {
        if (!Parameters.AllowsGenerate)
        {
            return new MakeTxsResult(false, [], nameof(RejectReason.NotRegtest));
        }

        if (count < 1 || count > MaxMakeTransactions)
        {
            return new MakeTxsResult(false, [], nameof(RejectReason.Oversize));
        }

        lock (_walletGate)
        {
            var wallet = new RegtestWallet(RegtestKeys.Miner, 2 * _options.Mempool.MinFeeRatePerKb);
            var txs = wallet.Build(FindWalletCoins(), count);
            var ids = new List<string>(txs.Count);
            foreach (var tx in txs)
            {
                var result = AcceptTransaction(tx);
                if (!result.IsAccepted)
                {
                    return new MakeTxsResult(false, ids, $"{result.Result.Reason} {result.Result.Detail}".Trim());
                }

                ids.Add(tx.TxId.ToString());
            }

            return ids.Count == count
                ? new MakeTxsResult(true, ids)
                : new MakeTxsResult(false, ids, $"only {ids.Count} transactions could be made: the miner key has too few mature coins (generate more blocks)");
        }
    }

    /// <summary>The miner key's spendable coins (<see cref="RegtestWallet.FindSpendable"/>).</summary>
    private List<(OutPoint OutPoint, Coin Coin)> FindWalletCoins()
    {
        lock (_gate)
        {
            return RegtestWallet.FindSpendable(_store, _mempool, RegtestKeys.Miner, _chain.Tip.Height + 1, Parameters.CoinbaseMaturity)
                .Select(c => (c.OutPoint, c.Coin))
                .ToList();
        }
    }
}
