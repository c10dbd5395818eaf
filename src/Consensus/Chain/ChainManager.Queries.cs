using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>Read-only queries the network protocols need: locators, headers after a locator, blocks.</summary>
public sealed partial class ChainManager
{
    /// <summary>
    /// A block locator for the active chain (CHAIN-4.7): the tip, then going back 1, 2, 4, 8, ...
    /// blocks after the first ten, always ending with genesis; at most <see cref="ChainLimits.MaxLocatorHashes"/>.
    /// </summary>
    public IReadOnlyList<Hash256> GetLocator() => GetLocator(Tip);

    /// <summary>The locator of CHAIN-4.7 for the chain ending at <paramref name="from"/> (active or not).</summary>
    public IReadOnlyList<Hash256> GetLocator(BlockIndexEntry from)
    {
        ArgumentNullException.ThrowIfNull(from);
        var result = new List<Hash256>();
        var step = 1;
        var entry = from;
        while (entry.Height > 0 && result.Count < ChainLimits.MaxLocatorHashes - 1)
        {
            result.Add(entry.Hash);
            if (result.Count >= 10)
            {
                step *= 2;
            }

            var height = entry.Height - step;
            if (height <= 0)
            {
                break;
            }

            entry = IsActive(entry) ? _active[height] : entry.GetAncestor(height)!;
        }

        result.Add(_active[0].Hash);
        return result;
    }

    /// <summary>
    /// The blocks of the best header chain whose data is missing, from where it leaves the active
    /// chain up to <paramref name="maxHeight"/>, lowest first, at most <paramref name="maxCount"/>.
    /// </summary>
    public IReadOnlyList<BlockIndexEntry> GetMissingBlocks(int maxHeight, int maxCount)
    {
        var result = new List<BlockIndexEntry>();
        var entry = BestHeader.GetAncestor(Math.Min(maxHeight, BestHeader.Height));
        for (; entry is not null && !IsActive(entry); entry = entry.Previous)
        {
            if (!entry.HasData)
            {
                result.Add(entry);
            }
        }

        result.Reverse();
        return result.Count > maxCount ? result.GetRange(0, maxCount) : result;
    }

    /// <summary>The height of the last common ancestor of two indexed headers, or -1 when either is unknown.</summary>
    public int GetForkHeight(Hash256 first, Hash256 second)
    {
        if (!_index.TryGetValue(first, out var a) || !_index.TryGetValue(second, out var b))
        {
            return -1;
        }

        if (IsActive(a) && IsActive(b))
        {
            return Math.Min(a.Height, b.Height);
        }

        while (a.Height > b.Height)
        {
            a = a.Previous!;
        }

        while (b.Height > a.Height)
        {
            b = b.Previous!;
        }

        while (a != b)
        {
            a = a.Previous!;
            b = b.Previous!;
        }

        return a.Height;
    }

    /// <summary>
    /// Headers of the active chain after the first locator hash found on it (genesis when none is),
    /// up to <paramref name="stop"/> (inclusive) or <paramref name="max"/> headers.
    /// </summary>
    public IReadOnlyList<BlockHeader> GetHeadersAfter(IReadOnlyList<Hash256> locator, Hash256 stop, int max = ChainLimits.MaxHeadersPerBatch)
    {
        ArgumentNullException.ThrowIfNull(locator);
        max = Math.Clamp(max, 0, ChainLimits.MaxHeadersPerBatch);
        var start = 0;
        foreach (var hash in locator.Take(ChainLimits.MaxLocatorHashes))
        {
            if (_index.TryGetValue(hash, out var entry))
            {
                // A hash on a side branch: continue from where that branch leaves the active chain.
                while (!IsActive(entry))
                {
                    entry = entry.Previous!;
                }

                start = entry.Height;
                break;
            }
        }

        var result = new List<BlockHeader>(Math.Min(max, Math.Max(0, Tip.Height - start)));
        for (var height = start + 1; height <= Tip.Height && result.Count < max; height++)
        {
            result.Add(_active[height].Header);
            if (_active[height].Hash == stop)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>A stored block by hash (active or not), or null.</summary>
    public Block? GetBlock(Hash256 hash) =>
        _index.TryGetValue(hash, out var entry) && entry.HasData ? LoadBlock(entry) : null;

    /// <summary>The raw bytes of a stored block, or null.</summary>
    public byte[]? GetBlockBytes(Hash256 hash) =>
        _index.TryGetValue(hash, out var entry) && entry.HasData ? _store.GetBlockBytes(hash) : null;

    /// <summary>Hashes of the active chain from <paramref name="startHeight"/>, at most <paramref name="count"/> (fewer past the tip).</summary>
    public IReadOnlyList<Hash256> GetActiveHashes(int startHeight, int count)
    {
        var result = new List<Hash256>();
        for (var height = Math.Max(startHeight, 0); height < _active.Count && result.Count < count; height++)
        {
            result.Add(_active[height].Hash);
        }

        return result;
    }
}
