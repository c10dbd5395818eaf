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

    /// <summary>How many of make_txs' transactions are offered to the mempool at once.</summary>
    private const int MakeTransactionsChunk = 500;

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
            // Offered in order a chunk at a time (CHAIN-8.6): each chunk's signatures are checked
            // ahead across threads without the chain lock, and relay hears of each chunk at once, so
            // the node serves and relays while it makes load instead of taking its lock per transaction.
            var ids = new List<string>(txs.Count);
            foreach (var chunk in txs.Chunk(MakeTransactionsChunk))
            {
                var results = AcceptTransactions(chunk);
                for (var i = 0; i < chunk.Length; i++)
                {
                    if (!results[i].IsAccepted)
                    {
                        return new MakeTxsResult(false, ids, $"{results[i].Result.Reason} {results[i].Result.Detail}".Trim());
                    }

                    ids.Add(chunk[i].TxId.ToString());
                }
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
