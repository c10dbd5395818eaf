using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>
/// The last few verified lists the node holds (MN-7.3), newest last: bases for the next diff and the way
/// back after a reorganisation of the header chain. Not thread-safe: the sync manager guards it.
/// </summary>
internal sealed class RetainedLists
{
    private readonly List<MasternodeView> _lists = [];
    private readonly int _capacity;

    public RetainedLists(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _lists.Count;

    public bool TryGet(Hash256 block, out MasternodeView view)
    {
        view = _lists.Find(v => v.BlockHash == block)!;
        return view is not null;
    }

    /// <summary>Keeps <paramref name="view"/> (replacing one of the same block), dropping the oldest beyond the capacity.</summary>
    public void Add(MasternodeView view)
    {
        _lists.RemoveAll(v => v.BlockHash == view.BlockHash);
        _lists.Add(view);
        if (_lists.Count > _capacity)
        {
            _lists.RemoveAt(0);
        }
    }

    /// <summary>The highest list held whose block is an ancestor of <paramref name="target"/> (or is it), or null.</summary>
    public MasternodeView? FindBase(ChainService chain, Hash256 target, int targetHeight)
    {
        MasternodeView? best = null;
        foreach (var view in _lists)
        {
            if (view.Height <= targetHeight && (best is null || view.Height > best.Height) && chain.GetHeaderAncestor(target, view.Height) == view.BlockHash)
            {
                best = view;
            }
        }

        return best;
    }
}
