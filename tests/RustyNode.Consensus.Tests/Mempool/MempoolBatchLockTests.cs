using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Tests.Crypto;

namespace RustyNode.Consensus.Tests.Mempool;

/// <summary>
/// A batch checks its signatures ahead without the chain lock (CHAIN-8.6): the node answers and
/// accepts meanwhile, and the in-order accept meets whatever changed in between.
/// </summary>
public sealed class MempoolBatchLockTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly GatedSecp256k1 _backend = new(Secp256k1.Default);
    private readonly TestChain _chain;

    public MempoolBatchLockTests()
    {
        _chain = new TestChain(_backend);
        _chain.Extend(101);
        Coins = _chain.FanOut(40);
    }

    private List<WalletCoin> Coins { get; }

    public void Dispose()
    {
        _backend.Release();
        _chain.Dispose();
        _backend.Dispose();
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public async Task Queries_and_other_offers_go_on_while_a_batch_checks_its_signatures()
    {
        var batch = Coins.Take(20).Select(c => Spend(c, 1_000)).ToList();
        var other = Spend(Coins[30], 1_000);
        var offering = OfferHeld(batch);

        // With the batch's first check held, the lock must be free: a query and another offer finish.
        var meanwhile = Task.Run(() => (_chain.Service.HasTransaction(batch[0].TxId), _chain.Service.AcceptTransaction(other)));
        var finished = await Task.WhenAny(meanwhile, Task.Delay(Bound));
        _backend.Release();
        Assert.True(finished == meanwhile, "the chain lock was held while the batch checked its signatures");
        var (hasFirst, otherResult) = await meanwhile;
        Assert.False(hasFirst);
        Assert.True(otherResult.IsAccepted, otherResult.Result.ToString());

        var results = await offering;
        Assert.All(results, r => Assert.True(r.IsAccepted, r.Result.ToString()));
        Assert.Equal(21, _chain.Service.GetMempoolInfo().TxIds.Count);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public async Task A_batch_meets_a_conflict_accepted_while_it_checked_its_signatures()
    {
        var batch = Coins.Take(20).Select(c => Spend(c, 1_000)).ToList();
        var rival = Spend(Coins[5], 2_000);
        var offering = OfferHeld(batch);

        var rivalResult = await Task.Run(() => _chain.Service.AcceptTransaction(rival)).WaitAsync(Bound);
        _backend.Release();
        var results = await offering;

        Assert.True(rivalResult.IsAccepted, rivalResult.Result.ToString());
        Assert.Equal(RejectReason.MempoolConflict, results[5].Result.Reason);
        Assert.All(results.Where((_, i) => i != 5), r => Assert.True(r.IsAccepted, r.Result.ToString()));
        var pool = _chain.Service.GetMempoolInfo().TxIds;
        Assert.Contains(rival.TxId.ToString(), pool);
        Assert.DoesNotContain(batch[5].TxId.ToString(), pool);
    }

    /// <summary>Offers <paramref name="batch"/> on another thread and returns once its first signature check is held.</summary>
    private Task<IReadOnlyList<MempoolAcceptResult>> OfferHeld(List<Transaction> batch)
    {
        _backend.Arm();
        var offering = Task.Run(() => _chain.Service.AcceptTransactions(batch));
        Assert.True(_backend.Entered.Wait(Bound), "the batch never checked a signature");
        return offering;
    }

    private Transaction Spend(WalletCoin coin, long fee) => _chain.Generator.CreateSpend([coin], 1, fee);
}
