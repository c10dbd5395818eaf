using System.Numerics;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>Queries and header commits for the block-sync protocol: locators, missing blocks, forks, work.</summary>
public sealed partial class ChainService
{
    /// <summary>The locator of CHAIN-4.7 for the best header chain (which may run ahead of the active tip).</summary>
    public IReadOnlyList<Hash256> GetHeaderLocator()
    {
        lock (_gate)
        {
            return _chain.GetLocator(_chain.BestHeader);
        }
    }

    /// <summary>What the index knows of <paramref name="hash"/>; false when it is not indexed.</summary>
    public bool TryGetHeaderInfo(Hash256 hash, out HeaderInfo info)
    {
        lock (_gate)
        {
            info = _chain.TryGetEntry(hash, out var entry) ? Describe(entry) : null!;
            return info is not null;
        }
    }

    /// <summary>The active tip.</summary>
    public HeaderInfo TipInfo
    {
        get
        {
            lock (_gate)
            {
                return Describe(_chain.Tip);
            }
        }
    }

    /// <summary>The valid header with the most work.</summary>
    public HeaderInfo BestHeaderInfo
    {
        get
        {
            lock (_gate)
            {
                return Describe(_chain.BestHeader);
            }
        }
    }

    /// <summary>
    /// Validates a chain of up to <see cref="ChainLimits.MaxHeadersPerCommit"/> headers and indexes
    /// it only if the headers before any failure end a chain with at least
    /// <paramref name="minimumWork"/> (CHAIN-4.8); <see cref="RejectReason.InsufficientWork"/> otherwise.
    /// </summary>
    public ValidationResult ProcessHeaderChain(IReadOnlyList<BlockHeader> headers, BigInteger minimumWork)
    {
        ArgumentNullException.ThrowIfNull(headers);
        lock (_gate)
        {
            return _chain.ProcessHeaders(headers, minimumWork, ChainLimits.MaxHeadersPerCommit);
        }
    }

    /// <summary>
    /// Blocks of the best header chain that are not stored, from its fork with the active chain up to
    /// <paramref name="maxHeight"/>, lowest first, at most <paramref name="maxCount"/>.
    /// </summary>
    public IReadOnlyList<BlockRef> GetMissingBlocks(int maxHeight, int maxCount)
    {
        lock (_gate)
        {
            return [.. _chain.GetMissingBlocks(maxHeight, maxCount).Select(e => new BlockRef(e.Hash, e.Height))];
        }
    }

    /// <summary>Height of the last common ancestor of two indexed headers; -1 when either is unknown.</summary>
    public int GetForkHeight(Hash256 first, Hash256 second)
    {
        lock (_gate)
        {
            return _chain.GetForkHeight(first, second);
        }
    }

    /// <summary>Hashes of the active chain from <paramref name="startHeight"/>, at most <paramref name="count"/>.</summary>
    public IReadOnlyList<Hash256> GetActiveHashes(int startHeight, int count)
    {
        lock (_gate)
        {
            return _chain.GetActiveHashes(startHeight, count);
        }
    }

    /// <summary>The active chain's headers from the tip back to (not including) the ancestor at <paramref name="afterHeight"/>, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<BlockHeader> GetRecentHeaders(int afterHeight, int max)
    {
        lock (_gate)
        {
            var start = Math.Max(afterHeight + 1, _chain.Tip.Height - max + 1);
            return [.. _chain.ActiveChain.Skip(Math.Max(start, 0)).Select(e => e.Header)];
        }
    }

    /// <summary>The UTXO set's size and digest, to compare nodes.</summary>
    public UtxoDigest GetUtxoDigest()
    {
        lock (_gate)
        {
            var (count, digest) = _store.ComputeUtxoDigest();
            return new UtxoDigest(_chain.Tip.Height, count, Convert.ToHexStringLower(digest.ToArray()));
        }
    }

    private HeaderInfo Describe(BlockIndexEntry entry) =>
        new(entry.Header, entry.Height, entry.ChainWork, entry.HasData, entry.IsInvalid, _chain.IsActive(entry));
}
