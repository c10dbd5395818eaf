using RustyNode.Protocols.BlockSync.CompactBlocks;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

public class ExtraTransactionPoolTests
{
    [Fact]
    [Trait("Clause", "CB-5.5")]
    public void The_pool_keeps_the_last_100_transactions_oldest_dropped_first()
    {
        var pool = new ExtraTransactionPool();
        var txs = CompactTestData.Txs(150);
        foreach (var tx in txs)
        {
            Assert.True(pool.Add(tx));
        }

        Assert.Equal(CompactBlockLimits.MaxExtraTransactions, pool.Count);
        Assert.Equal(txs.Skip(50).Select(t => t.TxId), pool.Snapshot().Select(t => t.TxId));
        Assert.Equal(txs.Skip(50).Sum(t => t.Size), pool.Bytes);
        Assert.False(pool.Add(txs[^1]));
    }

    [Fact]
    [Trait("Clause", "CB-5.5")]
    public void Big_transactions_are_refused_and_the_byte_bound_holds()
    {
        var pool = new ExtraTransactionPool();
        Assert.False(pool.Add(CompactTestData.Tx(1, scriptBytes: CompactBlockLimits.MaxExtraTransactionSize)));

        // 100 transactions of ~60 kB would be ~6 MB: the 4 MiB bound keeps the newest that fit.
        var big = Enumerable.Range(0, 100).Select(i => CompactTestData.Tx(i, scriptBytes: 60_000)).ToList();
        foreach (var tx in big)
        {
            Assert.True(pool.Add(tx));
        }

        var fits = CompactBlockLimits.MaxExtraPoolBytes / big[0].Size;
        Assert.Equal(fits, pool.Count);
        Assert.True(pool.Bytes <= CompactBlockLimits.MaxExtraPoolBytes);
        Assert.Equal(big.TakeLast(fits).Select(t => t.TxId), pool.Snapshot().Select(t => t.TxId));
    }
}
