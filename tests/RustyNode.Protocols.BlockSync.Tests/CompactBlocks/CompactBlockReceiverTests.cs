using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.CompactBlocks;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;
using RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

public class CompactBlockReceiverTests
{
    private static readonly PeerId Alice = Ed25519PrivateKey.FromSeedNumber(1).PeerId;
    private static readonly PeerId Bob = Ed25519PrivateKey.FromSeedNumber(2).PeerId;

    private readonly FakeCompactChain _chain = new();
    private readonly ExtraTransactionPool _extra = new();
    private readonly CompactBlockReceiver _receiver;

    public CompactBlockReceiverTests() => _receiver = new CompactBlockReceiver(_chain, _extra);

    [Fact]
    [Trait("Clause", "CB-5.2")]
    [Trait("Clause", "CB-7.1")]
    public void A_fully_known_block_is_rebuilt_without_a_round_trip_and_counted()
    {
        var txs = CompactTestData.Txs(2_000);
        var block = CompactTestData.Block(txs);
        _chain.Mempool.AddRange(txs);
        var compact = CompactBlockFactory.Create(block);
        var size = CompactMessageCodec.GetSize(compact);

        var outcome = _receiver.OnCompactBlock(Alice, compact, size);

        Assert.Equal(ReceiveAction.Connect, outcome.Action);
        Assert.Null(outcome.ScoreReason);
        Assert.Equal(block.ToBytes(), outcome.Block!.ToBytes());
        var stats = _receiver.Snapshot([]);
        Assert.Equal(new CompactBlockStats(1, 1, 0, 0, [], size, block.Size), stats with { HighBandwidthPeers = [] });
        Assert.True(size < block.Size / 20, $"{size} bytes for a {block.Size}-byte block");
    }

    [Theory]
    [InlineData(95)]
    [InlineData(50)]
    [Trait("Clause", "CB-5.3")]
    public void A_partly_known_block_takes_exactly_one_get_block_txs(int overlapPercent)
    {
        var txs = CompactTestData.Txs(1_000);
        var block = CompactTestData.Block(txs);
        _chain.Mempool.AddRange(txs.Where((_, i) => i % 100 < overlapPercent));

        var first = _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(block), 100);
        Assert.Equal(ReceiveAction.RequestTransactions, first.Action);
        Assert.Equal(block.Hash, first.Request!.BlockHash);
        Assert.Equal(1_000 * (100 - overlapPercent) / 100, first.Request.Indexes.Count);

        var answer = CompactBlockFactory.Answer(block, first.Request)!;
        var second = _receiver.OnBlockTxs(Alice, answer, 50);
        Assert.Equal(ReceiveAction.Connect, second.Action);
        Assert.Equal(block.ToBytes(), second.Block!.ToBytes());
        var stats = _receiver.Snapshot([]);
        Assert.Equal((1L, 0L, 1L, 0L, 150L), (stats.Received, stats.ReconstructedWithoutRoundTrip, stats.GetBlockTxsSent, stats.FullBlockFallbacks, stats.BytesReceived));
        Assert.Equal(0, _receiver.WaitingCount);
    }

    [Fact]
    [Trait("Clause", "CB-5.5")]
    public void Transactions_that_left_the_mempool_are_found_in_the_extra_pool()
    {
        var txs = CompactTestData.Txs(30);
        _chain.Mempool.AddRange(txs.Take(25));
        foreach (var tx in txs.Skip(25))
        {
            Assert.True(_extra.Add(tx));
        }

        var outcome = _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(CompactTestData.Block(txs)), 10);
        Assert.Equal(ReceiveAction.Connect, outcome.Action);
    }

    [Fact]
    [Trait("Clause", "CB-5.1")]
    [Trait("Clause", "CB-6.1")]
    public void An_invalid_header_is_scored_and_nothing_is_rebuilt()
    {
        _chain.Verdict = HeaderVerdict.Invalid;
        var outcome = _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(CompactTestData.Block(CompactTestData.Txs(3))), 10);
        Assert.Equal(ReceiveAction.None, outcome.Action);
        Assert.Equal(CompactBlockScoreReasons.InvalidHeader, outcome.ScoreReason);
        Assert.Equal(-200, CompactBlockScoreReasons.WeightOf(outcome.ScoreReason!));
    }

    [Theory]
    [InlineData(HeaderVerdict.Known)]
    [InlineData(HeaderVerdict.NotNext)]
    [Trait("Clause", "CB-5.1")]
    [Trait("Clause", "CB-6.2")]
    public void A_known_block_or_one_that_does_not_extend_the_tip_is_left_alone_unscored(HeaderVerdict verdict)
    {
        _chain.Verdict = verdict;
        var outcome = _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(CompactTestData.Block(CompactTestData.Txs(3))), 10);
        Assert.Equal(ReceiveAction.None, outcome.Action);
        Assert.Null(outcome.ScoreReason);
        Assert.Equal(0, _receiver.Snapshot([]).FullBlockFallbacks);
    }

    [Fact]
    [Trait("Clause", "CB-6.1")]
    [Trait("Clause", "CB-2.3")]
    public void Bad_prefilled_indexes_are_scored_and_the_full_block_fetched()
    {
        var block = CompactTestData.Block(CompactTestData.Txs(3));
        var compact = CompactBlockFactory.Create(block);
        var bad = compact with { Prefilled = [compact.Prefilled[0] with { Index = 9 }] };
        var outcome = _receiver.OnCompactBlock(Alice, bad, 10);
        Assert.Equal(ReceiveAction.FetchFullBlock, outcome.Action);
        Assert.Equal(CompactBlockScoreReasons.BadIndexes, outcome.ScoreReason);
    }

    [Fact]
    [Trait("Clause", "CB-6.1")]
    [Trait("Clause", "CB-5.3")]
    public void Wrong_block_txs_are_scored_and_the_full_block_fetched()
    {
        var txs = CompactTestData.Txs(10);
        var block = CompactTestData.Block(txs);
        _chain.Mempool.AddRange(txs.Skip(3));
        var request = _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(block), 10).Request!;
        Assert.Equal([1, 2, 3], request.Indexes);

        var outcome = _receiver.OnBlockTxs(Alice, new BlockTxs(block.Hash, [txs[0]]), 10);
        Assert.Equal(ReceiveAction.FetchFullBlock, outcome.Action);
        Assert.Equal(CompactBlockScoreReasons.WrongBlockTxs, outcome.ScoreReason);
        Assert.Equal(1, _receiver.Snapshot([]).FullBlockFallbacks);
    }

    [Fact]
    [Trait("Clause", "CB-6.1")]
    public void Block_txs_nobody_asked_for_are_scored_as_unrequested()
    {
        var txs = CompactTestData.Txs(10);
        var block = CompactTestData.Block(txs);
        _chain.Mempool.AddRange(txs.Skip(3));
        var request = _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(block), 10).Request!;
        var answer = CompactBlockFactory.Answer(block, request)!;

        Assert.Equal(CompactBlockScoreReasons.Unrequested, _receiver.OnBlockTxs(Bob, answer, 10).ScoreReason);
        Assert.Equal(CompactBlockScoreReasons.Unrequested, _receiver.OnBlockTxs(Alice, answer with { BlockHash = Hash256.Zero }, 10).ScoreReason);

        // Alice's own answer is still welcome.
        Assert.Equal(ReceiveAction.Connect, _receiver.OnBlockTxs(Alice, answer, 10).Action);
    }

    [Fact]
    [Trait("Clause", "CB-5.4")]
    public void A_merkle_mismatch_after_block_txs_falls_back_unscored()
    {
        var txs = CompactTestData.Txs(10);
        var block = CompactTestData.Block(txs);
        _chain.Mempool.AddRange(txs.Skip(1));
        _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(block), 10);
        var outcome = _receiver.OnBlockTxs(Alice, new BlockTxs(block.Hash, [CompactTestData.Tx(12_345)]), 10);
        Assert.Equal(ReceiveAction.FetchFullBlock, outcome.Action);
        Assert.Null(outcome.ScoreReason);
    }

    [Fact]
    [Trait("Clause", "CB-5.6")]
    public void At_most_two_blocks_per_peer_and_sixteen_in_all_wait_for_block_txs()
    {
        var txs = CompactTestData.Txs(4);
        _chain.Mempool.AddRange(txs.Skip(1));
        ReceiveOutcome Offer(PeerId peer, int height) => _receiver.OnCompactBlock(peer, CompactBlockFactory.Create(CompactTestData.Block(txs, height)), 10);

        Assert.Equal(ReceiveAction.RequestTransactions, Offer(Alice, 1).Action);
        Assert.Equal(ReceiveAction.RequestTransactions, Offer(Alice, 2).Action);
        Assert.Equal(ReceiveAction.FetchFullBlock, Offer(Alice, 3).Action);

        for (var i = 0; i < 14; i++)
        {
            var peer = Ed25519PrivateKey.FromSeedNumber((ulong)(100 + i)).PeerId;
            Assert.Equal(ReceiveAction.RequestTransactions, Offer(peer, 10 + i).Action);
        }

        Assert.Equal(16, _receiver.WaitingCount);
        Assert.Equal(ReceiveAction.FetchFullBlock, Offer(Bob, 99).Action);

        // A peer that leaves frees its places; the blocks it owed are fetched in full.
        Assert.Equal(2, _receiver.OnPeerDisconnected(Alice).Count);
        Assert.Equal(ReceiveAction.RequestTransactions, Offer(Bob, 99).Action);
    }

    [Fact]
    [Trait("Clause", "CB-5.3")]
    public void A_failed_get_block_txs_falls_back_to_the_full_block()
    {
        var txs = CompactTestData.Txs(5);
        var block = CompactTestData.Block(txs);
        _chain.Mempool.AddRange(txs.Skip(1));
        _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(block), 10);
        Assert.Equal(ReceiveAction.None, _receiver.OnBlockTxsFailed(Bob, block.Hash).Action);
        Assert.Equal(ReceiveAction.FetchFullBlock, _receiver.OnBlockTxsFailed(Alice, block.Hash).Action);
        Assert.Equal(0, _receiver.WaitingCount);
    }

    [Fact]
    [Trait("Clause", "CB-5.2")]
    public void The_same_compact_block_twice_while_waiting_is_ignored()
    {
        var txs = CompactTestData.Txs(5);
        var block = CompactTestData.Block(txs);
        _chain.Mempool.AddRange(txs.Skip(1));
        Assert.Equal(ReceiveAction.RequestTransactions, _receiver.OnCompactBlock(Alice, CompactBlockFactory.Create(block), 10).Action);
        Assert.Equal(ReceiveAction.None, _receiver.OnCompactBlock(Bob, CompactBlockFactory.Create(block), 10).Action);
        Assert.Equal(1, _receiver.Snapshot([]).GetBlockTxsSent);
    }
}
