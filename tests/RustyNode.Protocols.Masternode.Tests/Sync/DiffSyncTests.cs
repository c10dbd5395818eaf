using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Protocols.Masternode.Tests.Sync;

/// <summary>
/// A node holding only headers follows the list by diffs over the codec (in process, no sockets) and
/// refuses forged diffs (MN-3.3).
/// </summary>
[Collection(MasternodeChainCollection.Name)]
public sealed class DiffSyncTests(MasternodeChainFixture chain)
{
    private MasternodeListSync Diff(int from, int to) =>
        MasternodeChainFixture.OverTheWire(MasternodeSyncMessages.Diff(chain.A.GetMasternodeDiff(chain.HashAt(from), chain.HashAt(to))!)!);

    private MasternodeSyncResult Apply(MasternodeList baseList, MasternodeListSync diff, out MasternodeList? result)
    {
        var (header, height) = chain.HeaderAt(diff.TargetBlockHash);
        return MasternodeDiffVerifier.Apply(baseList, diff, header, height, out result);
    }

    [Fact]
    [Trait("Clause", "MN-3.3")]
    [Trait("Clause", "MN-3.2")]
    public void Headers_only_node_follows_the_list_block_by_block_and_reaches_the_committed_root_at_every_height()
    {
        var list = new MasternodeList();
        var from = 0;
        for (var height = ChainParametersActivation; height <= chain.Tip; height++)
        {
            var diff = Diff(from, height);
            var verdict = Apply(list, diff, out var next);
            Assert.True(verdict.IsOk, $"height {height}: {verdict}");
            Assert.Equal(chain.Roots[height], next!.Root);
            list = next;
            from = height;
        }

        Assert.Equal(1_040, list.Count);
        var whole = Diff(0, chain.Tip);
        Assert.True(Apply(new MasternodeList(), whole, out var direct).IsOk);
        Assert.Equal(list.Root, direct!.Root);
        Assert.Equal(1_040, whole.Added.Count);
    }

    private static int ChainParametersActivation => RustyNode.Consensus.Chain.ChainParameters.Regtest.MasternodeActivationHeight;

    [Fact]
    [Trait("Clause", "MN-3.3")]
    public void A_diff_with_updates_revocations_and_removals_is_applied_exactly()
    {
        var changed = chain.Tip - 2;
        var diff = Diff(changed - 1, changed);
        Assert.Equal((0, 30, 10), (diff.Added.Count, diff.Updated.Count, diff.Removed.Count));
        var before = ListAt(changed - 1);
        Assert.True(Apply(before, diff, out var after).IsOk);
        Assert.Equal(chain.Roots[changed], after!.Root);
        Assert.Equal(chain.Roots[changed - 1], before.Root);
    }

    [Theory]
    [Trait("Clause", "MN-3.3")]
    [InlineData("tampered-entry", MasternodeSyncFailure.CommitmentMismatch)]
    [InlineData("hidden-removal", MasternodeSyncFailure.CommitmentMismatch)]
    [InlineData("dropped-update", MasternodeSyncFailure.CommitmentMismatch)]
    [InlineData("unknown-removal", MasternodeSyncFailure.InconsistentDiff)]
    [InlineData("unchanged-update", MasternodeSyncFailure.InconsistentDiff)]
    [InlineData("added-twice", MasternodeSyncFailure.InconsistentDiff)]
    [InlineData("unordered", MasternodeSyncFailure.Unordered)]
    [InlineData("other-coinbase", MasternodeSyncFailure.WrongHeight)]
    [InlineData("bad-branch", MasternodeSyncFailure.BadMerkleBranch)]
    [InlineData("other-target", MasternodeSyncFailure.WrongBlock)]
    [InlineData("wrong-base", MasternodeSyncFailure.CommitmentMismatch)]
    public void A_forged_diff_is_refused_and_the_list_is_unchanged(string forgery, MasternodeSyncFailure expected)
    {
        var changed = chain.Tip - 2;
        var baseList = ListAt(changed - 1);
        var diff = Diff(changed - 1, changed);
        var listed = baseList.SortedEntries.First(e => !diff.Removed.Contains(e.ProTxHash) && !diff.Updated.Any(u => u.ProTxHash == e.ProTxHash));
        var forged = forgery switch
        {
            "tampered-entry" => diff with { Updated = [diff.Updated[0].WithService(ServiceAddress.Create(System.Net.IPAddress.Parse("10.9.9.9"), 1)), .. diff.Updated.Skip(1)] },
            "hidden-removal" => diff with { Removed = [.. diff.Removed.Append(listed.ProTxHash).Order()] },
            "dropped-update" => diff with { Updated = [.. diff.Updated.Skip(1)] },
            "unknown-removal" => diff with { Removed = [.. diff.Removed.Append(Hashes.DoubleSha256("nobody"u8)).Order()] },
            "unchanged-update" => diff with { Updated = [.. diff.Updated.Append(listed).OrderBy(e => e.ProTxHash)] },
            "added-twice" => diff with { Added = [diff.Updated[0]] },
            "unordered" => diff with { Removed = [.. diff.Removed.Reverse()] },
            "other-coinbase" => diff with { Coinbase = Diff(changed - 2, changed - 1).Coinbase, CoinbaseBranch = Diff(changed - 2, changed - 1).CoinbaseBranch },
            "bad-branch" => diff with { CoinbaseBranch = [Hashes.DoubleSha256("sibling"u8), .. diff.CoinbaseBranch.Skip(1)] },
            "other-target" => diff with { TargetBlockHash = chain.HashAt(changed + 1) },
            _ => diff,
        };
        var target = forgery == "other-target" ? chain.HeaderAt(diff.TargetBlockHash) : chain.HeaderAt(forged.TargetBlockHash);
        var wrongBase = forgery == "wrong-base" ? ListAt(changed - 3) : baseList;
        var root = wrongBase.Root;

        var verdict = MasternodeDiffVerifier.Apply(wrongBase, MasternodeChainFixture.OverTheWire(forged), target.Header, target.Height, out var result);
        Assert.Equal(expected, verdict.Failure);
        Assert.Null(result);
        Assert.Equal(root, wrongBase.Root);
    }

    private MasternodeList ListAt(int height)
    {
        var snapshot = chain.A.GetMasternodeListAt(chain.HashAt(height))!;
        var list = new MasternodeList(snapshot.Entries);
        Assert.Equal(chain.Roots[height], list.Root);
        return list;
    }
}
