using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>
/// The highest few verified lists the node holds (MN-7.3): bases for the next diff and the way back after a
/// reorganisation of the header chain. Beyond the capacity the lowest goes (the oldest of equals), so a
/// chain catching up from below cannot push out the lists at the best header. Not thread-safe: the sync
/// manager guards it.
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

    /// <summary>The lowest height held, or -1 when there is room for any list.</summary>
    public int AdmissionHeight => _lists.Count < _capacity ? -1 : _lists.Min(v => v.Height);

    /// <summary>Keeps <paramref name="view"/> (replacing one of the same block), dropping the lowest beyond the capacity.</summary>
    public void Add(MasternodeView view)
    {
        _lists.RemoveAll(v => v.BlockHash == view.BlockHash);
        _lists.Add(view);
        if (_lists.Count > _capacity)
        {
            var lowest = 0;
            for (var i = 1; i < _lists.Count; i++)
            {
                if (_lists[i].Height < _lists[lowest].Height)
                {
                    lowest = i;
                }
            }

            _lists.RemoveAt(lowest);
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
