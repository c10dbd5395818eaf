using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Masternodes;

/// <summary>The coinbase commitment and its merkle branch (MNL-5).</summary>
public sealed class CommitmentTests : IDisposable
{
    private readonly MasternodeTestChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    [Trait("Clause", "MNL-5.1")]
    public void A_commitment_with_the_wrong_root_or_count_or_none_at_all_is_refused()
    {
        _chain.Register(4);
        var tip = _chain.Service.Chain.Tip;
        var list = _chain.List;
        _chain.AssertRefused(TestBlocks.WithCommitment(tip, list.Commitment with { Root = Hashes.DoubleSha256("forged"u8) }, []), RejectReason.BadMasternodeCommitment);
        _chain.AssertRefused(TestBlocks.WithCommitment(tip, list.Commitment with { Count = 3 }, []), RejectReason.BadMasternodeCommitment);
        _chain.AssertRefused(TestBlocks.WithCommitment(tip, list.Commitment with { Version = 2 }, []), RejectReason.BadCoinbasePayload);
        _chain.AssertRefused(TestBlocks.OnTip(tip, (int)MasternodeRules.CoinbaseType, [1, 0, 4, 0, 0, 0], []), RejectReason.BadCoinbasePayload);

        // The commitment is to the list after the block: a registration in the block must be counted.
        var registration = _chain.Generator.CreateRegistrations(1)[0].Tx;
        _chain.AssertRefused(TestBlocks.WithCommitment(tip, list.Commitment, [registration], ChainGeneratorFee), RejectReason.BadMasternodeCommitment);
        Assert.True(_chain.Service.ProcessBlock(TestBlocks.WithCommitment(tip, list.Commitment, [])).IsAccepted);
    }

    private const long ChainGeneratorFee = Mining.ChainGenerator.ProviderFee;

    [Fact]
    [Trait("Clause", "MNL-5.2")]
    public void Two_nodes_fed_the_same_blocks_hold_the_same_list_at_every_height()
    {
        using var other = new TestChain();
        var roots = new List<Hash256>();
        for (var i = 0; i < 4; i++)
        {
            _chain.Register(3);
            roots.Add(_chain.List.Root);
        }

        foreach (var block in _chain.Generator.Blocks)
        {
            Assert.True(other.Service.ProcessBlock(block).IsAccepted);
        }

        Assert.Equal(_chain.List.Root, other.Service.Chain.Masternodes.Root);
        var height = _chain.Service.Chain.Tip.Height;
        for (var i = 0; i < roots.Count; i++)
        {
            var hash = _chain.Service.Chain.ActiveChain[height - 3 + i].Hash;
            Assert.Equal(roots[i], other.Service.GetMasternodeListAt(hash)!.Entries is var entries ? MasternodeList.ComputeRoot(entries) : default);
        }
    }

    [Theory]
    [Trait("Clause", "MNL-5.3")]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    public void The_coinbase_branch_folds_to_the_header_merkle_root(int transactions)
    {
        var block = _chain.Mine([.. _chain.Generator.TakeSpends(transactions - 1)]);
        Assert.Equal(transactions, block.Transactions.Count);
        var branch = MerkleBranch.ForCoinbase(block);
        Assert.Equal((int)Math.Ceiling(Math.Log2(transactions)), branch.Length);
        Assert.Equal(block.Header.MerkleRoot, MerkleBranch.RootFromFirstLeaf(block.Transactions[0].TxId, branch));
        Assert.NotEqual(block.Header.MerkleRoot, MerkleBranch.RootFromFirstLeaf(Hashes.DoubleSha256("other"u8), branch));
        Assert.True(block.Transactions[0].Size > 64);
    }
}
