using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Tests.Crypto;

namespace RustyNode.Consensus.Tests.Mempool;

/// <summary>
/// A batch (CHAIN-8.6) checks its signatures ahead across threads, then accepts in order: its outcome
/// must be that of accepting each transaction in turn, and each signature is checked once.
/// </summary>
public sealed class MempoolBatchTests : IDisposable
{
    private readonly CountingSecp256k1 _backend = new(Secp256k1.Default);
    private readonly TestChain _batched;
    private readonly TestChain _oneByOne = new();

    public MempoolBatchTests()
    {
        _batched = new TestChain(_backend);
        _batched.Extend(101);
        Coins = _batched.FanOut(100);

        // The same chain, block for block, for the one-by-one accept.
        foreach (var block in _batched.Generator.Blocks)
        {
            Assert.True(_oneByOne.Service.ProcessBlock(block).IsAccepted);
        }
    }

    private List<WalletCoin> Coins { get; }

    public void Dispose()
    {
        _batched.Dispose();
        _oneByOne.Dispose();
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public void A_batch_has_the_outcome_of_accepting_each_in_turn()
    {
        var parent = Spend(Coins[0], 1_000, 2);
        var child = Spend(CoinOf(parent, 0), 1_000);
        var grandchild = Spend(CoinOf(child, 0), 1_000);

        // A forged signature: the tampered output changes what was signed.
        var honest = Spend(Coins[1], 1_000, 2);
        var forged = new Transaction(honest.Version, honest.Inputs, [honest.Outputs[0] with { Value = honest.Outputs[0].Value - 1 }, honest.Outputs[1]], 0);

        // Spends the forged one's output: an orphan once the forged one is refused.
        var forgedChild = Spend(CoinOf(forged, 1), 1_000);

        // Spends the same coin as the forged one: refused as a conflict only if the forged one got in.
        var rival = Spend(Coins[1], 2_000);
        var cheap = Spend(Coins[2], 10);
        var lateParent = Spend(Coins[3], 1_000, 2);
        var earlyOrphan = Spend(CoinOf(lateParent, 1), 1_000);
        var overspend = Spend(Coins[4], -1);
        Transaction[] batch = [parent, child, forged, forgedChild, rival, cheap, earlyOrphan, lateParent, grandchild, overspend, parent];
        foreach (var tx in Enumerable.Range(5, 30).Select(i => Spend(Coins[i], 1_000 + i)))
        {
            batch = [.. batch, tx];
        }

        var together = _batched.Service.AcceptTransactions(batch);
        var inTurn = batch.Select(_oneByOne.Service.AcceptTransaction).ToList();

        Assert.Equal(inTurn.Select(Describe), together.Select(Describe));
        Assert.Equal(RejectReason.BadSignature, together[2].Result.Reason);
        Assert.Equal(RejectReason.Orphan, together[3].Result.Reason);
        Assert.True(together[4].IsAccepted);
        Assert.Equal([earlyOrphan.TxId], together[7].AcceptedOrphans);
        Assert.Equal(RejectReason.AlreadyInMempool, together[^31].Result.Reason);
        var batchedPool = _batched.Service.GetMempoolInfo();
        var oneByOnePool = _oneByOne.Service.GetMempoolInfo();
        Assert.Equal(oneByOnePool.TxIds.Order(), batchedPool.TxIds.Order());
        Assert.Equal(oneByOnePool.Orphans, batchedPool.Orphans);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public void A_batch_checks_each_signature_once()
    {
        var batch = Enumerable.Range(0, 48).Select(i => Spend(Coins[i], 1_000)).ToList();
        var before = _backend.Verifications;

        var results = _batched.Service.AcceptTransactions(batch);

        Assert.All(results, r => Assert.True(r.IsAccepted, r.Result.ToString()));
        Assert.Equal(batch.Count, _backend.Verifications - before);
    }

    [Fact]
    [Trait("Clause", "CHAIN-8.6")]
    public void A_batch_checks_no_signature_of_a_transaction_refused_for_policy()
    {
        var inMempool = Spend(Coins[0], 1_000);
        Assert.True(_batched.Service.AcceptTransaction(inMempool).IsAccepted);
        var before = _backend.Verifications;

        // A conflict, a fee below the minimum and a duplicate are refused before their signatures count.
        var results = _batched.Service.AcceptTransactions([Spend(Coins[0], 2_000), Spend(Coins[1], 10), inMempool]);

        Assert.Equal([RejectReason.MempoolConflict, RejectReason.FeeTooLow, RejectReason.AlreadyInMempool], results.Select(r => r.Result.Reason));
        Assert.Equal(0, _backend.Verifications - before);
    }

    private static string Describe(MempoolAcceptResult result) =>
        $"{result.TxId} {result.Result.Reason} [{string.Join(",", result.AcceptedOrphans)}] [{string.Join(",", result.MissingParents)}]";

    private Transaction Spend(WalletCoin coin, long fee, int outputs = 1) => _batched.Generator.CreateSpend([coin], outputs, fee);

    private WalletCoin CoinOf(Transaction tx, int index) =>
        new(new OutPoint(tx.TxId, (uint)index), new Coin(tx.Outputs[index], 0, false), Coins.First(c => c.Key.ScriptPubKey.AsSpan().SequenceEqual(tx.Outputs[index].ScriptPubKey)).Key);
}
