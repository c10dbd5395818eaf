using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;
using RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

/// <summary>Reconstruction against real regtest chains: node A mines from its mempool, node B rebuilds from its own.</summary>
public sealed class ChainReconstructionTests : IDisposable
{
    private static readonly PeerId FromA = Ed25519PrivateKey.FromSeedNumber(7).PeerId;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rustynode-compact-" + Guid.NewGuid().ToString("N"));
    private readonly List<ChainService> _services = [];

    [Fact]
    [Trait("Clause", "CB-5.3")]
    [Trait("Clause", "CB-5.1")]
    public void A_block_mined_from_a_shared_mempool_is_rebuilt_and_connected_by_the_peer()
    {
        var (a, b) = TwoSyncedNodes();
        var made = a.MakeTransactions(200);
        Assert.True(made.Accepted, made.Reason);

        // B lacks the last 10 (make_txs offers parents first, so B's 190 have every parent).
        foreach (var id in made.TxIds.Take(190))
        {
            Assert.True(a.TryGetMempoolTransaction(Hash256.Parse(id), out var tx));
            Assert.True(b.AcceptTransaction(tx).IsAccepted);
        }

        Assert.Equal(190, b.GetMempoolTransactions().Length);
        var block = Mine(a);
        var receiver = new CompactBlockReceiver(new ChainServiceCompactChain(b), new ExtraTransactionPool());

        var first = receiver.OnCompactBlock(FromA, CompactBlockFactory.Create(block), 100);
        Assert.Equal(ReceiveAction.RequestTransactions, first.Action);
        Assert.Equal(10, first.Request!.Indexes.Count);
        var second = receiver.OnBlockTxs(FromA, CompactBlockFactory.Answer(block, first.Request)!, 100);
        Assert.Equal(ReceiveAction.Connect, second.Action);

        Assert.True(b.ProcessBlock(second.Block!).IsAccepted);
        Assert.Equal(block.Hash, b.Tip.Hash);
        Assert.Empty(b.GetMempoolTransactions());

        // The same block again is known: nothing to do.
        Assert.Equal(ReceiveAction.None, receiver.OnCompactBlock(FromA, CompactBlockFactory.Create(block), 100).Action);
    }

    [Fact]
    [Trait("Clause", "CB-5.1")]
    [Trait("Clause", "CB-6.1")]
    public void A_header_with_the_wrong_difficulty_is_invalid_and_an_orphan_header_is_not_next()
    {
        var (a, b) = TwoSyncedNodes();
        var chain = new ChainServiceCompactChain(b);
        var tip = a.GetBlock(a.Tip.Hash)!.Header;
        var wrongBits = new BlockHeader(tip.Version, tip.Hash, tip.MerkleRoot, tip.Time + 1, 0x1d00ffff, 0);
        Assert.Equal(HeaderVerdict.Invalid, chain.CheckHeader(wrongBits));

        // Proof of work met (it is checked before the parent), parent unknown.
        var orphan = ProofOfWork.Mine(new BlockHeader(tip.Version, new Hash256(new byte[32].Select((_, i) => (byte)i).ToArray()), tip.MerkleRoot, tip.Time + 1, tip.Bits, 0), ChainParameters.Regtest);
        Assert.Equal(HeaderVerdict.NotNext, chain.CheckHeader(orphan));
        Assert.Equal(HeaderVerdict.Known, chain.CheckHeader(tip));
    }

    [Fact]
    [Trait("Clause", "CB-5.5")]
    public void Transactions_evicted_from_a_full_mempool_reach_the_extra_pool_and_help_rebuild()
    {
        var a = Open("a", new MempoolOptions());
        var b = Open("b", new MempoolOptions { MaxBytes = 10_000 });
        SyncFromTo(a, b, a.Generate(110));
        var extra = new ExtraTransactionPool();
        var left = 0;
        b.TransactionLeftMempool += tx =>
        {
            left++;
            extra.Add(tx);
        };

        var made = a.MakeTransactions(120);
        Assert.True(made.Accepted, made.Reason);
        foreach (var id in made.TxIds)
        {
            Assert.True(a.TryGetMempoolTransaction(Hash256.Parse(id), out var tx));
            b.AcceptTransaction(tx);
        }

        var inMempool = b.GetMempoolTransactions().Length;
        Assert.True(left > 0 && inMempool < 120, $"{left} left, {inMempool} kept");
        var block = Mine(a);
        var partial = PartialBlock.Create(CompactBlockFactory.Create(block));
        partial.Fill(b.GetMempoolTransactions(), extra.Snapshot());
        Assert.True(partial.FoundInPools > inMempool, $"{partial.FoundInPools} found, {inMempool} in the mempool");
    }

    public void Dispose()
    {
        foreach (var service in _services)
        {
            service.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private (ChainService A, ChainService B) TwoSyncedNodes()
    {
        var a = Open("a", new MempoolOptions());
        var b = Open("b", new MempoolOptions());
        SyncFromTo(a, b, a.Generate(110));
        return (a, b);
    }

    private static void SyncFromTo(ChainService from, ChainService to, GenerateResult generated)
    {
        Assert.True(generated.Accepted, generated.Reason);
        foreach (var hash in generated.Hashes)
        {
            Assert.True(to.ProcessBlock(from.GetBlock(Hash256.Parse(hash))!).IsAccepted);
        }
    }

    private static Block Mine(ChainService node)
    {
        var generated = node.Generate(1);
        Assert.True(generated.Accepted, generated.Reason);
        return node.GetBlock(Hash256.Parse(generated.Hashes[0]))!;
    }

    private ChainService Open(string name, MempoolOptions mempool)
    {
        var service = ChainService.Open(Path.Combine(_root, name), ChainParameters.Regtest, null, new ChainServiceOptions { Mempool = mempool });
        _services.Add(service);
        return service;
    }
}
