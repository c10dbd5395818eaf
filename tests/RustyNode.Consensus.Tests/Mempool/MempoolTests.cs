using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Mempool;

public sealed class MempoolTests : IDisposable
{
    private readonly TestChain _chain = new(mempool: new MempoolOptions { MaxBytes = 20_000, MaxOrphans = 3 });

    public MempoolTests()
    {
        _chain.Extend(101);
        Coins = _chain.FanOut(200);
    }

    private List<WalletCoin> Coins { get; }

    public void Dispose() => _chain.Dispose();

    private Transaction Spend(int coin, long fee, int outputs = 1) => _chain.Generator.CreateSpend([Coins[coin]], outputs, fee);

    [Fact]
    [Trait("Clause", "CHAIN-8.1")]
    public void Valid_transaction_is_accepted_once()
    {
        var tx = Spend(0, 1_000);
        Assert.True(_chain.Service.AcceptTransaction(tx).IsAccepted);
        Assert.Equal(RejectReason.AlreadyInMempool, _chain.Service.AcceptTransaction(tx).Result.Reason);
        var info = _chain.Service.GetMempoolInfo();
        Assert.Equal(1, info.Count);
        Assert.Equal(tx.Size, info.Bytes);
        Assert.Equal([tx.TxId.ToString()], info.TxIds);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.2")]
    public void Fee_below_the_minimum_rate_is_refused()
    {
        var tx = Spend(0, 10);
        Assert.Equal(RejectReason.FeeTooLow, _chain.Service.AcceptTransaction(tx).Result.Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.3")]
    public void Second_spend_of_an_output_is_a_conflict()
    {
        Assert.True(_chain.Service.AcceptTransaction(Spend(0, 1_000)).IsAccepted);
        Assert.Equal(RejectReason.MempoolConflict, _chain.Service.AcceptTransaction(Spend(0, 2_000, 2)).Result.Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.1")]
    public void Invalid_transactions_are_refused_with_their_reason()
    {
        var tx = Spend(0, 1_000);
        var tampered = new Transaction(tx.Version, tx.Inputs, [tx.Outputs[0] with { Value = tx.Outputs[0].Value - 1 }], 0);
        Assert.Equal(RejectReason.BadSignature, _chain.Service.AcceptTransaction(tampered).Result.Reason);
        Assert.Equal(RejectReason.Overspend, _chain.Service.AcceptTransaction(Spend(1, -1)).Result.Reason);
        Assert.Equal(RejectReason.CoinbaseInMempool, _chain.Service.AcceptTransaction(_chain.Generator.Blocks[0].Transactions[0]).Result.Reason);
        Assert.Equal(0, _chain.Service.GetMempoolInfo().Count);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.5")]
    public void Orphan_waits_for_its_parent_and_is_accepted_with_it()
    {
        var parent = Spend(0, 1_000, 2);
        var parentCoin = new WalletCoin(new OutPoint(parent.TxId, 0), new RustyNode.Consensus.Chain.Coin(parent.Outputs[0], 0, false), KeyFor(parent.Outputs[0]));
        var child = _chain.Generator.CreateSpend([parentCoin], 1, 1_000);
        var orphan = _chain.Service.AcceptTransaction(child);
        Assert.Equal(RejectReason.Orphan, orphan.Result.Reason);
        Assert.Equal(1, _chain.Service.GetMempoolInfo().Orphans);
        var accepted = _chain.Service.AcceptTransaction(parent);
        Assert.True(accepted.IsAccepted);
        Assert.Equal([child.TxId], accepted.AcceptedOrphans);
        Assert.Equal(2, _chain.Service.GetMempoolInfo().Count);
        Assert.Equal(0, _chain.Service.GetMempoolInfo().Orphans);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.5")]
    public void Orphan_pool_keeps_at_most_its_limit()
    {
        for (var i = 0; i < 6; i++)
        {
            var fake = Coins[i] with { OutPoint = new OutPoint(Hashes.DoubleSha256([(byte)i]), 0) };
            Assert.Equal(RejectReason.Orphan, _chain.Service.AcceptTransaction(_chain.Generator.CreateSpend([fake], 1, 1_000)).Result.Reason);
        }

        Assert.Equal(3, _chain.Service.GetMempoolInfo().Orphans);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.2")]
    public void Full_mempool_evicts_the_lowest_fee_rate_first()
    {
        var cheap = Spend(0, 1_000);
        Assert.True(_chain.Service.AcceptTransaction(cheap).IsAccepted);
        for (var i = 1; i < 120 && _chain.Service.GetMempoolInfo().TxIds.Contains(cheap.TxId.ToString()); i++)
        {
            _chain.Service.AcceptTransaction(Spend(i, 5_000 + i));
        }

        var info = _chain.Service.GetMempoolInfo();
        Assert.DoesNotContain(cheap.TxId.ToString(), info.TxIds);
        Assert.True(info.Bytes <= 20_000);
        var poor = Spend(150, 1_000);
        Assert.Equal(RejectReason.MempoolFull, _chain.Service.AcceptTransaction(poor).Result.Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.4")]
    public void Confirmed_and_conflicting_transactions_leave_when_a_block_connects()
    {
        var inMempool = Spend(0, 1_000);
        var conflicting = Spend(1, 1_000);
        Assert.True(_chain.Service.AcceptTransaction(inMempool).IsAccepted);
        Assert.True(_chain.Service.AcceptTransaction(conflicting).IsAccepted);
        var competitor = Spend(1, 3_000, 2);
        var block = _chain.Generator.AddBlock([inMempool, competitor]);
        Assert.True(_chain.Service.ProcessBlock(block).IsAccepted);
        Assert.Equal(0, _chain.Service.GetMempoolInfo().Count);
        Assert.Equal(RejectReason.AlreadyConfirmed, _chain.Service.AcceptTransaction(inMempool).Result.Reason);
    }

    private RustyNode.Consensus.Crypto.PrivateKey KeyFor(TxOut output) =>
        Coins.First(c => c.Key.ScriptPubKey.AsSpan().SequenceEqual(output.ScriptPubKey)).Key;
}
