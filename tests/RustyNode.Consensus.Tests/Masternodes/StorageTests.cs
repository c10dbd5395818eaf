using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Masternodes;

/// <summary>The stored list, reorganisations, and lists and diffs at past blocks (MNL-6).</summary>
public sealed class StorageTests : IDisposable
{
    private readonly MasternodeTestChain _chain = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    [Trait("Clause", "MNL-6.1")]
    public void The_list_survives_a_restart()
    {
        var registered = _chain.Register(5);
        _chain.Mine(MasternodeTestChain.SpendCollateral(registered[0].Id, registered[0].Keys));
        var root = _chain.List.Root;

        _chain.Chain.Reopen();
        Assert.Equal(root, _chain.List.Root);
        Assert.Equal(4, _chain.List.Count);
        Assert.Equal(root, _chain.Service.Chain.Store.LoadMasternodeList().Root);
    }

    [Fact]
    [Trait("Clause", "MNL-6.2")]
    public void A_reorganisation_gives_the_list_of_the_new_chain_and_back()
    {
        _chain.Register(2);
        var fork = _chain.Generator.Clone();
        var forkHeight = _chain.Service.Chain.Tip.Height;
        var main = _chain.Register(3);
        _chain.Mine(MasternodeTestChain.SpendCollateral(main[0].Id, main[0].Keys));
        var mainRoot = _chain.List.Root;

        var branch = new List<RustyNode.Consensus.Model.Block>();
        branch.Add(fork.AddBlock([.. fork.CreateRegistrations(4).Select(r => r.Tx)]));
        branch.AddRange(fork.Build(2));
        foreach (var block in branch)
        {
            Assert.True(_chain.Service.ProcessBlock(block).IsAccepted);
        }

        Assert.Equal(fork.TipHash, _chain.Service.Chain.Tip.Hash);
        Assert.Equal(fork.Masternodes.Root, _chain.List.Root);
        Assert.Equal(6, _chain.List.Count);
        Assert.Equal(fork.Masternodes.Root, _chain.Service.Chain.Store.LoadMasternodeList().Root);
        Assert.NotEqual(mainRoot, _chain.List.Root);

        // The old chain grows heavier again and wins back its list.
        _chain.Generator.Build(2).ToList().ForEach(b => Assert.True(_chain.Service.ProcessBlock(b).IsAccepted));
        Assert.Equal(_chain.Generator.TipHash, _chain.Service.Chain.Tip.Hash);
        Assert.Equal(mainRoot, _chain.List.Root);
        Assert.True(_chain.Service.Chain.Tip.Height > forkHeight + 3);
    }

    [Fact]
    [Trait("Clause", "MNL-6.3")]
    public void Lists_at_past_blocks_and_diffs_between_them_match_what_the_chain_held()
    {
        var lists = new List<(Hash256 Block, MasternodeList List)>();
        void Record() => lists.Add((_chain.Service.Chain.Tip.Hash, _chain.List.Clone()));
        Record();
        var first = _chain.Register(6);
        Record();
        _chain.Mine(MasternodeTestChain.SpendCollateral(first[0].Id, first[0].Keys));
        Record();
        _chain.Mine(_chain.Funded((coin, fee, change) => ProviderTransactionBuilder.Revoke(coin, fee, first[1].Id, 1, first[1].Keys.Operator, change)));
        Record();
        _chain.Register(2);
        Record();

        foreach (var (block, list) in lists)
        {
            var snapshot = _chain.Service.GetMasternodeListAt(block)!;
            Assert.Equal(list.Root, MasternodeList.ComputeRoot(snapshot.Entries));
        }

        for (var from = 0; from < lists.Count; from++)
        {
            for (var to = from; to < lists.Count; to++)
            {
                var diff = _chain.Service.GetMasternodeDiff(lists[from].Block, lists[to].Block)!;
                var applied = lists[from].List.Clone();
                var log = new MasternodeListUpdate();
                diff.Removed.ToList().ForEach(id => applied.Remove(id, log));
                diff.Updated.Concat(diff.Added).ToList().ForEach(e => applied.Set(e, log));
                Assert.Equal(lists[to].List.Root, applied.Root);
                Assert.All(diff.Added, e => Assert.False(lists[from].List.Contains(e.ProTxHash)));
                Assert.All(diff.Updated, e => Assert.True(lists[from].List.Contains(e.ProTxHash)));
            }
        }

        var whole = _chain.Service.GetMasternodeDiff(_chain.Service.Chain.ActiveChain[0].Hash, lists[^1].Block)!;
        Assert.Equal(lists[^1].List.Count, whole.Added.Count);
        Assert.Null(_chain.Service.GetMasternodeDiff(lists[^1].Block, lists[0].Block));
        Assert.Null(_chain.Service.GetMasternodeListAt(Hashes.DoubleSha256("unknown"u8)));
    }
}
