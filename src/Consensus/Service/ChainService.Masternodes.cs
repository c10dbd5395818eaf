using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>The masternode list: what the control interface shows and what the list protocol serves.</summary>
public sealed partial class ChainService
{
    /// <summary><c>{"type":"masternodes"}</c>: the list after the active tip; the entries only when asked for.</summary>
    public MasternodeInfo GetMasternodeInfo(bool withEntries)
    {
        lock (_gate)
        {
            var list = _chain.Masternodes;
            return new MasternodeInfo(_chain.Tip.Height, Parameters.MasternodeActivationHeight, list.Count, list.ValidCount, list.Root.ToString(), withEntries ? [.. list.SortedEntries] : null);
        }
    }

    /// <summary>The list after the active tip (a copy).</summary>
    public MasternodeList GetMasternodeList()
    {
        lock (_gate)
        {
            return _chain.Masternodes.Clone();
        }
    }

    /// <summary>
    /// The list at an active block from the activation height on, with its proof (MNL-5.3); null when
    /// the block is unknown, not active, or below the activation height.
    /// </summary>
    public MasternodeListSnapshot? GetMasternodeListAt(Hash256 blockHash)
    {
        lock (_gate)
        {
            if (!_chain.TryGetEntry(blockHash, out var entry) || !Parameters.MasternodesActiveAt(entry.Height)
                || _chain.GetMasternodeListAt(entry) is not { } list || _chain.GetBlock(blockHash) is not { } block)
            {
                return null;
            }

            return new MasternodeListSnapshot(blockHash, entry.Height, [.. list.SortedEntries], block.Transactions[0], MerkleBranch.ForCoinbase(block));
        }
    }

    /// <summary>
    /// The change of the list from <paramref name="baseHash"/> to <paramref name="targetHash"/> (MNL-6.3),
    /// both active, the base not above the target, the target at or above the activation height; null otherwise.
    /// </summary>
    public MasternodeDiffSnapshot? GetMasternodeDiff(Hash256 baseHash, Hash256 targetHash)
    {
        lock (_gate)
        {
            if (!_chain.TryGetEntry(baseHash, out var from) || !_chain.TryGetEntry(targetHash, out var to)
                || !Parameters.MasternodesActiveAt(to.Height)
                || _chain.GetMasternodeChanges(from, to) is not { } changes || _chain.GetBlock(targetHash) is not { } block)
            {
                return null;
            }

            var added = changes.Where(c => c.Before is null).Select(c => c.After!).OrderBy(e => e.ProTxHash).ToList();
            var updated = changes.Where(c => c.Before is not null && c.After is not null).Select(c => c.After!).OrderBy(e => e.ProTxHash).ToList();
            var removed = changes.Where(c => c.After is null).Select(c => c.ProTxHash).Order().ToList();
            return new MasternodeDiffSnapshot(baseHash, targetHash, to.Height, added, updated, removed, block.Transactions[0], MerkleBranch.ForCoinbase(block));
        }
    }
}
