namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// The changes one block (or one trial) made to a <see cref="MasternodeList"/>, in order. Kept as the
/// block's masternode undo data (MNL-5.2): reverting the steps last to first restores the list, and the
/// first <c>Before</c> and last <c>After</c> of an id give its state on either side of the block.
/// </summary>
public sealed class MasternodeListUpdate
{
    private readonly List<MasternodeChange> _changes;

    public MasternodeListUpdate()
    {
        _changes = [];
    }

    public MasternodeListUpdate(IEnumerable<MasternodeChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _changes = [.. changes];
    }

    /// <summary>No changes: what a block without masternode effects leaves.</summary>
    public static MasternodeListUpdate Empty => new();

    /// <summary>The steps, first to last.</summary>
    public IReadOnlyList<MasternodeChange> Changes => _changes;

    public int Count => _changes.Count;

    /// <summary>Each changed id with its state before the first and after the last of its steps; ids in order of first change.</summary>
    public IReadOnlyList<MasternodeChange> NetChanges()
    {
        var order = new List<Primitives.Hash256>();
        var net = new Dictionary<Primitives.Hash256, MasternodeChange>();
        foreach (var change in _changes)
        {
            if (net.TryGetValue(change.ProTxHash, out var earlier))
            {
                net[change.ProTxHash] = earlier with { After = change.After };
            }
            else
            {
                net[change.ProTxHash] = change;
                order.Add(change.ProTxHash);
            }
        }

        return [.. order.Select(id => net[id])];
    }

    internal void Add(MasternodeChange change) => _changes.Add(change);

    internal void TruncateTo(int count) => _changes.RemoveRange(count, _changes.Count - count);
}
