using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Model;

/// <summary>
/// The merkle branch of a block's first transaction, its coinbase (MNL-5.3): the right-hand sibling
/// at each level from the leaves up. Because the coinbase is always the leftmost leaf, the branch needs
/// no position bits: the root is the leaf hashed with each sibling in turn, the running hash on the left.
/// </summary>
public static class MerkleBranch
{
    /// <summary>The siblings of leaf 0 in the tree over <paramref name="leaves"/> (CHAIN-1.10), lowest level first.</summary>
    public static Hash256[] ForFirstLeaf(IReadOnlyList<Hash256> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var branch = new List<Hash256>();
        var level = leaves.ToArray();
        var count = level.Length;
        while (count > 1)
        {
            branch.Add(level[1]);
            var next = 0;
            for (var i = 0; i < count; i += 2)
            {
                level[next++] = Hashes.HashPair(level[i], i + 1 < count ? level[i + 1] : level[i]);
            }

            count = next;
        }

        return [.. branch];
    }

    /// <summary>The siblings of the coinbase in <paramref name="block"/>.</summary>
    public static Hash256[] ForCoinbase(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return ForFirstLeaf([.. block.Transactions.Select(tx => tx.TxId)]);
    }

    /// <summary>The root that leaf 0 <paramref name="leaf"/> and its <paramref name="branch"/> lead to.</summary>
    public static Hash256 RootFromFirstLeaf(Hash256 leaf, IReadOnlyList<Hash256> branch)
    {
        ArgumentNullException.ThrowIfNull(branch);
        var hash = leaf;
        foreach (var sibling in branch)
        {
            hash = Hashes.HashPair(hash, sibling);
        }

        return hash;
    }
}
