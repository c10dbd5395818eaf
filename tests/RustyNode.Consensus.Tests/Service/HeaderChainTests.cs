using System.Numerics;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.Tests.Service;

/// <summary>Committing header chains against a minimum work, and the queries block sync builds on.</summary>
public class HeaderChainTests
{
    [Fact]
    [Trait("Clause", "CHAIN-4.8")]
    public void Header_chain_below_the_minimum_work_is_not_indexed_and_one_above_it_is()
    {
        using var chain = new TestChain();
        var headers = chain.Generator.Build(30).Select(b => b.Header).ToList();
        var work = Enumerable.Range(0, 31).Aggregate(BigInteger.Zero, (sum, _) => sum + CompactTarget.WorkForBits(ChainParameters.Regtest.PowLimitBits));

        var refused = chain.Service.ProcessHeaderChain(headers, work + 1);
        Assert.Equal(RejectReason.InsufficientWork, refused.Reason);
        Assert.Equal(0, chain.Service.GetChainInfo().Headers);
        Assert.False(chain.Service.HasHeader(headers[0].Hash));

        Assert.True(chain.Service.ProcessHeaderChain(headers, work).IsAccepted);
        Assert.Equal(30, chain.Service.GetChainInfo().Headers);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.8")]
    public void Valid_prefix_below_the_minimum_work_is_not_indexed_when_a_later_header_fails()
    {
        using var chain = new TestChain();
        var headers = chain.Generator.Build(20).Select(b => b.Header).ToList();
        var broken = headers[10];
        headers[10] = ProofOfWork.Mine(new BlockHeader(broken.Version, broken.PreviousHash, broken.MerkleRoot, broken.Time, 0x207ffffe, 0), ChainParameters.Regtest);
        var full = chain.Service.TipInfo.ChainWork + (21 * CompactTarget.WorkForBits(ChainParameters.Regtest.PowLimitBits));

        var result = chain.Service.ProcessHeaderChain(headers[..11], full);
        Assert.Equal(RejectReason.BadDifficulty, result.Reason);
        Assert.Equal(0, chain.Service.GetChainInfo().Headers);

        // Without a minimum, the headers before the failure are kept (CHAIN-4.7).
        Assert.Equal(RejectReason.BadDifficulty, chain.Service.ProcessHeaders(headers[..11]).Reason);
        Assert.Equal(10, chain.Service.GetChainInfo().Headers);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.8")]
    public void Block_of_an_indexed_header_on_the_tip_connects_and_an_invalid_one_marks_the_header_invalid()
    {
        using var chain = new TestChain();
        chain.Extend(101);
        var valid = chain.Generator.Build(2, spendsPerBlock: 1);
        Assert.True(chain.Service.ProcessHeaders([.. valid.Select(b => b.Header)]).IsAccepted);
        Assert.True(chain.Service.ProcessBlock(valid[0]).IsAccepted);
        Assert.Equal(valid[0].Hash, chain.Service.Tip.Hash);
        Assert.True(chain.Service.ProcessBlock(valid[1]).IsAccepted);

        // On the tip: a block that spends with a signature of the wrong key, and its descendants.
        var coin = chain.Generator.Spendable[0];
        var forged = chain.Generator.CreateSpend([coin with { Key = PrivateKey.FromSeed("not the owner") }], 1, 1_000);
        var bad = chain.Generator.AddBlock([forged]);
        var children = chain.Generator.Build(5);
        Assert.True(chain.Service.ProcessHeaders([bad.Header, .. children.Select(b => b.Header)]).IsAccepted);
        Assert.Equal(children[^1].Hash.ToString(), chain.Service.GetChainInfo().BestHeaderHash);

        Assert.Equal(RejectReason.BadSignature, chain.Service.ProcessBlock(bad).Reason);
        Assert.True(chain.Service.TryGetHeaderInfo(children[^1].Hash, out var info) && info.IsInvalid);
        Assert.Equal(valid[^1].Hash.ToString(), chain.Service.GetChainInfo().BestHeaderHash);
        Assert.Equal(valid[^1].Hash, chain.Service.Tip.Hash);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.8")]
    public void Missing_blocks_locator_and_fork_height_follow_the_best_header_chain()
    {
        using var chain = new TestChain();
        chain.Extend(50);
        var branchPoint = chain.Generator.Clone();
        var ahead = chain.Generator.Build(40);
        Assert.True(chain.Service.ProcessHeaders([.. ahead.Select(b => b.Header)]).IsAccepted);

        var missing = chain.Service.GetMissingBlocks(70, 1_000);
        Assert.Equal(Enumerable.Range(51, 20), missing.Select(m => m.Height));
        Assert.Equal(ahead[0].Hash, missing[0].Hash);
        Assert.Equal(5, chain.Service.GetMissingBlocks(1_000, 5).Count);

        var locator = chain.Service.GetHeaderLocator();
        Assert.Equal(ahead[^1].Hash, locator[0]);
        Assert.Equal(ahead[^2].Hash, locator[1]);
        Assert.Equal(ChainParameters.Regtest.GenesisHash, locator[^1]);

        var side = branchPoint.Build(3);
        Assert.True(chain.Service.ProcessHeaders([.. side.Select(b => b.Header)]).IsAccepted);
        Assert.Equal(50, chain.Service.GetForkHeight(side[^1].Hash, ahead[^1].Hash));
        Assert.Equal(60, chain.Service.GetForkHeight(ahead[9].Hash, ahead[^1].Hash));
        Assert.Equal(-1, chain.Service.GetForkHeight(default, ahead[^1].Hash));
    }

    [Fact]
    [Trait("Clause", "CHAIN-9.2")]
    public void Generate_fills_blocks_with_spends_of_the_miner_coins_once_they_mature()
    {
        using var chain = new TestChain();
        var early = chain.Service.Generate(100, transactionsPerBlock: 3);
        Assert.True(early.Accepted);
        Assert.All(early.Hashes, h => Assert.Single(chain.Service.GetBlock(Hash256.Parse(h))!.Transactions));

        var filled = chain.Service.Generate(20, transactionsPerBlock: 3);
        Assert.True(filled.Accepted, filled.Reason);
        // One coin is mature at first; each spend's two outputs are spendable in the next block.
        var counts = filled.Hashes.Select(h => chain.Service.GetBlock(Hash256.Parse(h))!.Transactions.Count).ToList();
        Assert.Equal([2, 3], counts[..2]);
        Assert.All(counts[2..], c => Assert.Equal(4, c));

        // A second node fed the same blocks holds the same UTXO set.
        using var copy = new TestChain();
        foreach (var hash in early.Hashes.Concat(filled.Hashes))
        {
            Assert.True(copy.Service.ProcessBlock(chain.Service.GetBlockBytes(Hash256.Parse(hash))!).IsAccepted);
        }

        Assert.Equal(chain.Service.GetUtxoDigest(), copy.Service.GetUtxoDigest());
        Assert.Equal(120 + counts.Sum() - 20, chain.Service.GetUtxoDigest().Count);
        Assert.False(chain.Service.Generate(1, transactionsPerBlock: 1_001).Accepted);
    }
}
