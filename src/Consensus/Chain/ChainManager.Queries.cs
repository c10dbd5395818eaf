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
    public IReadOnlyList<Hash256> GetLocator()
    {
        var result = new List<Hash256>();
        var step = 1;
        for (var height = Tip.Height; height > 0 && result.Count < ChainLimits.MaxLocatorHashes - 1; height -= step)
        {
            result.Add(_active[height].Hash);
            if (result.Count >= 10)
            {
                step *= 2;
            }
        }

        result.Add(_active[0].Hash);
        return result;
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
}
