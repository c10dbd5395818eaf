using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>
/// Applies a <see cref="MasternodeListSync"/> to the list the node holds at the diff's base block and
/// accepts the result only when it matches the target's commitment (MN-3.3). The base list is never
/// changed: the result is a new list.
/// </summary>
public static class MasternodeDiffVerifier
{
    /// <param name="baseList">The node's list at <see cref="MasternodeListSync.BaseBlockHash"/>.</param>
    /// <param name="diff">The diff received.</param>
    /// <param name="targetHeader">The header of the target block, from the node's header chain.</param>
    /// <param name="targetHeight">Its height.</param>
    /// <param name="result">The list at the target when accepted.</param>
    public static MasternodeSyncResult Apply(MasternodeList baseList, MasternodeListSync diff, BlockHeader targetHeader, int targetHeight, out MasternodeList? result)
    {
        ArgumentNullException.ThrowIfNull(baseList);
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(targetHeader);
        result = null;
        if (diff.TargetBlockHash != targetHeader.Hash)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.WrongBlock, $"a diff to {diff.TargetBlockHash}, asked for {targetHeader.Hash}");
        }

        var proof = CoinbaseProof.Verify(diff.Coinbase, diff.CoinbaseBranch, targetHeader, targetHeight, out var commitment);
        if (!proof.IsOk)
        {
            return proof;
        }

        var shape = CheckShape(baseList, diff);
        if (!shape.IsOk)
        {
            return shape;
        }

        var list = baseList.Clone();
        var log = new MasternodeListUpdate();
        foreach (var id in diff.Removed)
        {
            list.Remove(id, log);
        }

        foreach (var entry in diff.Updated)
        {
            list.Remove(entry.ProTxHash, log);
        }

        foreach (var entry in diff.Updated.Concat(diff.Added))
        {
            if (list.FindConflict(entry) is { } holder)
            {
                return MasternodeSyncResult.Fail(MasternodeSyncFailure.CommitmentMismatch, $"{entry} would share a unique field with {holder}");
            }

            list.Set(entry, log);
        }

        if (list.Count != commitment.Count || list.Root != commitment.Root)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.CommitmentMismatch, $"the diff leads to {list.Count} entries with root {list.Root}; the coinbase commits to {commitment.Count} with {commitment.Root}");
        }

        result = list;
        return MasternodeSyncResult.Ok;
    }

    private static MasternodeSyncResult CheckShape(MasternodeList baseList, MasternodeListSync diff)
    {
        if (!Ascending(diff.Added.Select(e => e.ProTxHash)) || !Ascending(diff.Updated.Select(e => e.ProTxHash)) || !Ascending(diff.Removed))
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.Unordered, "added, updated and removed ids must each be strictly ascending");
        }

        var named = new HashSet<Hash256>();
        foreach (var entry in diff.Added)
        {
            if (baseList.Contains(entry.ProTxHash) || !named.Add(entry.ProTxHash))
            {
                return MasternodeSyncResult.Fail(MasternodeSyncFailure.InconsistentDiff, $"{entry.ProTxHash} is added but already listed or named twice");
            }
        }

        foreach (var entry in diff.Updated)
        {
            if (!baseList.TryGet(entry.ProTxHash, out var before) || before.Equals(entry) || !named.Add(entry.ProTxHash))
            {
                return MasternodeSyncResult.Fail(MasternodeSyncFailure.InconsistentDiff, $"{entry.ProTxHash} is updated but not listed, unchanged or named twice");
            }
        }

        foreach (var id in diff.Removed)
        {
            if (!baseList.Contains(id) || !named.Add(id))
            {
                return MasternodeSyncResult.Fail(MasternodeSyncFailure.InconsistentDiff, $"{id} is removed but not listed or named twice");
            }
        }

        return MasternodeSyncResult.Ok;
    }

    private static bool Ascending(IEnumerable<Hash256> ids)
    {
        Hash256? previous = null;
        foreach (var id in ids)
        {
            if (previous is { } last && id <= last)
            {
                return false;
            }

            previous = id;
        }

        return true;
    }
}
