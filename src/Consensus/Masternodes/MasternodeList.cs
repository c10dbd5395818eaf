using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// The deterministic masternode list at one block (MNL-4): entries by proTxHash with the indexes the
/// uniqueness rules need (collateral, owner key, operator key, service), and the merkle root that
/// coinbases commit to. Mutable by the rules through <see cref="Set"/> and <see cref="Remove"/>, each
/// step recorded in a <see cref="MasternodeListUpdate"/> so that <see cref="Revert"/> can undo it.
/// Not thread-safe: the chain's lock serializes access.
/// </summary>
public sealed class MasternodeList
{
    private readonly Dictionary<Hash256, MasternodeEntry> _entries = [];
    private readonly Dictionary<OutPoint, Hash256> _byCollateral = [];
    private readonly Dictionary<byte[], Hash256> _byOwner = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], Hash256> _byOperator = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], Hash256> _byService = new(ByteArrayComparer.Instance);
    private MasternodeEntry[]? _sorted;
    private Hash256? _root;

    public MasternodeList()
    {
    }

    /// <summary>A list holding <paramref name="entries"/>.</summary>
    /// <exception cref="ArgumentException">Two entries share an id or a unique field.</exception>
    public MasternodeList(IEnumerable<MasternodeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            if (_entries.ContainsKey(entry.ProTxHash) || FindConflict(entry) is not null)
            {
                throw new ArgumentException($"{entry} repeats an id or a unique field.", nameof(entries));
            }

            Insert(entry);
        }
    }

    private MasternodeList(MasternodeList other)
    {
        _entries = new Dictionary<Hash256, MasternodeEntry>(other._entries);
        _byCollateral = new Dictionary<OutPoint, Hash256>(other._byCollateral);
        _byOwner = new Dictionary<byte[], Hash256>(other._byOwner, ByteArrayComparer.Instance);
        _byOperator = new Dictionary<byte[], Hash256>(other._byOperator, ByteArrayComparer.Instance);
        _byService = new Dictionary<byte[], Hash256>(other._byService, ByteArrayComparer.Instance);
        _sorted = other._sorted;
        _root = other._root;
    }

    public int Count => _entries.Count;

    /// <summary>Entries with an operator and a service (MNL-4.3).</summary>
    public int ValidCount => _entries.Values.Count(e => e.IsValid);

    /// <summary>The entries in ascending proTxHash order (MNL-4.2).</summary>
    public IReadOnlyList<MasternodeEntry> SortedEntries => _sorted ??= [.. _entries.Values.OrderBy(e => e.ProTxHash)];

    /// <summary>The merkle root over the sorted entries' leaf hashes (MNL-4.2); zero for an empty list.</summary>
    public Hash256 Root => _root ??= ComputeRoot(SortedEntries);

    /// <summary>The commitment a coinbase carries for this list (MNL-5.1).</summary>
    public CoinbaseCommitment Commitment => new(MasternodeRuleLimits.PayloadVersion, (uint)Count, Root);

    /// <summary>The merkle root of entries already in ascending proTxHash order.</summary>
    public static Hash256 ComputeRoot(IReadOnlyList<MasternodeEntry> sortedEntries)
    {
        ArgumentNullException.ThrowIfNull(sortedEntries);
        var leaves = new Hash256[sortedEntries.Count];
        for (var i = 0; i < leaves.Length; i++)
        {
            leaves[i] = sortedEntries[i].LeafHash;
        }

        return MerkleTree.ComputeRoot(leaves, out _);
    }

    public bool TryGet(Hash256 proTxHash, out MasternodeEntry entry) => _entries.TryGetValue(proTxHash, out entry!);

    public bool Contains(Hash256 proTxHash) => _entries.ContainsKey(proTxHash);

    /// <summary>The masternode whose collateral is <paramref name="outPoint"/>.</summary>
    public bool TryFindByCollateral(in OutPoint outPoint, out Hash256 proTxHash) => _byCollateral.TryGetValue(outPoint, out proTxHash);

    /// <summary>The masternode holding owner key <paramref name="key"/>, or null.</summary>
    public Hash256? FindOwner(ReadOnlySpan<byte> key) => Find(_byOwner, key);

    /// <summary>The masternode holding operator key <paramref name="key"/>, or null.</summary>
    public Hash256? FindOperator(ReadOnlySpan<byte> key) => Find(_byOperator, key);

    /// <summary>The masternode serving at <paramref name="service"/>, or null.</summary>
    public Hash256? FindService(ReadOnlySpan<byte> service) => Find(_byService, service);

    /// <summary>Adds or replaces the entry of its id, recording the step in <paramref name="log"/>.</summary>
    public void Set(MasternodeEntry entry, MasternodeListUpdate log)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(log);
        _entries.TryGetValue(entry.ProTxHash, out var before);
        if (before is not null)
        {
            Unindex(before);
        }

        Insert(entry);
        log.Add(new MasternodeChange(entry.ProTxHash, before, entry));
    }

    /// <summary>Removes an entry, recording the step in <paramref name="log"/>.</summary>
    public void Remove(Hash256 proTxHash, MasternodeListUpdate log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!_entries.Remove(proTxHash, out var before))
        {
            throw new InvalidOperationException($"masternode {proTxHash} is not in the list");
        }

        Unindex(before);
        Changed();
        log.Add(new MasternodeChange(proTxHash, before, null));
    }

    /// <summary>Undoes every step of <paramref name="update"/>, last first.</summary>
    public void Revert(MasternodeListUpdate update) => RevertTo(update, 0);

    /// <summary>Undoes the steps of <paramref name="update"/> after the first <paramref name="count"/> and drops them from it.</summary>
    public void RevertTo(MasternodeListUpdate update, int count)
    {
        ArgumentNullException.ThrowIfNull(update);
        for (var i = update.Count - 1; i >= count; i--)
        {
            var change = update.Changes[i];
            if (_entries.Remove(change.ProTxHash, out var current))
            {
                Unindex(current);
            }

            if (change.Before is not null)
            {
                Insert(change.Before);
            }

            Changed();
        }

        update.TruncateTo(count);
    }

    /// <summary>Replays the steps of <paramref name="update"/> (a block's stored changes) on this list.</summary>
    public void Apply(MasternodeListUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var ignored = new MasternodeListUpdate();
        foreach (var change in update.Changes)
        {
            if (change.After is null)
            {
                Remove(change.ProTxHash, ignored);
            }
            else
            {
                Set(change.After, ignored);
            }
        }
    }

    /// <summary>An independent copy (the indexes are copied as they are: this list is already consistent).</summary>
    public MasternodeList Clone() => new(this);

    /// <summary>The id of an entry other than <paramref name="entry"/>'s own that holds one of its unique fields, or null.</summary>
    public Hash256? FindConflict(MasternodeEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Hash256? Other(Hash256? holder) => holder is { } id && id != entry.ProTxHash ? id : null;
        if (_byCollateral.TryGetValue(entry.Collateral, out var collateralHolder) && collateralHolder != entry.ProTxHash)
        {
            return collateralHolder;
        }

        return Other(FindOwner(entry.OwnerKey))
            ?? (entry.HasOperator ? Other(FindOperator(entry.OperatorKey)) : null)
            ?? (entry.Service.Length > 0 ? Other(FindService(entry.Service)) : null);
    }

    private static Hash256? Find(Dictionary<byte[], Hash256> index, ReadOnlySpan<byte> key) =>
        index.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var id) ? id : null;

    private void Insert(MasternodeEntry entry)
    {
        _entries[entry.ProTxHash] = entry;
        _byCollateral[entry.Collateral] = entry.ProTxHash;
        _byOwner[entry.OwnerKey] = entry.ProTxHash;
        if (entry.HasOperator)
        {
            _byOperator[entry.OperatorKey] = entry.ProTxHash;
        }

        if (entry.Service.Length > 0)
        {
            _byService[entry.Service] = entry.ProTxHash;
        }

        Changed();
    }

    private void Unindex(MasternodeEntry entry)
    {
        _byCollateral.Remove(entry.Collateral);
        _byOwner.Remove(entry.OwnerKey);
        if (entry.HasOperator)
        {
            _byOperator.Remove(entry.OperatorKey);
        }

        if (entry.Service.Length > 0)
        {
            _byService.Remove(entry.Service);
        }
    }

    private void Changed()
    {
        _sorted = null;
        _root = null;
    }
}
