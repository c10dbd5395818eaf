using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>Blocks close to the 2 MB limit, cheaply: two spends each paying 95 outputs of 10,000-byte scripts.</summary>
internal static class BigBlocks
{
    private static readonly Lazy<List<Block>> Chain = new(Build);

    /// <summary>112 small blocks, then 6 blocks of about 1.9 MB each.</summary>
    public static IReadOnlyList<Block> All => Chain.Value;

    private static List<Block> Build()
    {
        var generator = new ChainGenerator(ChainParameters.Regtest, null, "big-blocks");
        var blocks = new List<Block>(generator.Build(112));
        var script = new byte[10_000];
        var used = new HashSet<Consensus.Primitives.OutPoint>();
        for (var i = 0; i < 6; i++)
        {
            // The generator only forgets coins it spends itself: skip the ones spent here.
            var spends = generator.Spendable.Where(c => c.Coin.IsCoinbase && used.Add(c.OutPoint)).Take(2).ToList();
            var txs = spends.Select(coin =>
            {
                var each = (coin.Coin.Output.Value - 1_000) / 95;
                var unsigned = new Transaction(1, [new TxIn(coin.OutPoint, [])], [.. Enumerable.Range(0, 95).Select(_ => new TxOut(each, script))], 0);
                return TransactionSigner.Sign(unsigned, [coin.Coin], [coin.Key]);
            }).ToList();
            blocks.Add(generator.AddBlock(txs));
        }

        return blocks;
    }
}
