using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Service;

public sealed class MakeTransactionsTests
{
    [Fact]
    [Trait("Clause", "TX-8.1")]
    public void Make_txs_splits_mature_coins_and_every_transaction_enters_the_mempool_parents_first()
    {
        using var chain = new TestChain();
        Assert.True(chain.Service.Generate(101).Accepted);
        var made = chain.Service.MakeTransactions(700);
        Assert.True(made.Accepted, made.Reason);
        Assert.Equal(700, made.TxIds.Count);
        Assert.Equal(700, chain.Service.GetMempoolInfo().Count);
        var more = chain.Service.MakeTransactions(300);
        Assert.True(more.Accepted, more.Reason);
        Assert.Equal(1_000, chain.Service.GetMempoolInfo().Count);
        Assert.Empty(made.TxIds.Intersect(more.TxIds));
        Assert.True(chain.Service.Generate(1).Accepted);
        Assert.Equal(0, chain.Service.GetMempoolInfo().Count);
    }

    [Fact]
    [Trait("Clause", "TX-8.1")]
    public void Make_txs_refuses_without_mature_coins_and_off_regtest_counts()
    {
        using var chain = new TestChain();
        Assert.False(chain.Service.MakeTransactions(1).Accepted);
        Assert.False(chain.Service.MakeTransactions(0).Accepted);
        Assert.False(chain.Service.MakeTransactions(1_000_000).Accepted);
    }

    [Fact]
    [Trait("Clause", "TX-6.1")]
    public void An_orphan_reports_the_parents_it_misses()
    {
        using var chain = new TestChain();
        Assert.True(chain.Service.Generate(101).Accepted);
        using var other = new TestChain();
        Assert.True(other.Service.Generate(101).Accepted);
        var made = other.Service.MakeTransactions(60);
        Assert.True(made.Accepted, made.Reason);
        // The last transactions spend outputs of the first ones; offered alone they are orphans.
        Assert.True(other.Service.TryGetMempoolTransaction(Hash256.Parse(made.TxIds[^1]), out var child));
        var result = chain.Service.AcceptTransaction(child);
        Assert.Equal(RejectReason.Orphan, result.Result.Reason);
        Assert.Equal(child.Inputs.Select(i => i.PrevOut.TxId).Distinct(), result.MissingParents);
        Assert.True(chain.Service.HasTransaction(child.TxId));
    }
}
