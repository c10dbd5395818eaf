using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Model;

/// <summary>
/// Bitcoin's merkle tree over txids (CHAIN-1.10): pairs are hashed with double SHA-256 and an odd
/// last node is paired with itself. Because that makes [a, b, c] and [a, b, c, c] share a root,
/// a level holding two identical adjacent nodes is reported as mutated and such a block is rejected.
/// </summary>
public static class MerkleTree
{
    /// <summary>The merkle root of <paramref name="leaves"/>; zero for an empty list.</summary>
    public static Hash256 ComputeRoot(IReadOnlyList<Hash256> leaves, out bool mutated)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        mutated = false;
        if (leaves.Count == 0)
        {
            return Hash256.Zero;
        }

        var level = new Hash256[leaves.Count];
        for (var i = 0; i < level.Length; i++)
        {
            level[i] = leaves[i];
        }

        var count = level.Length;
        while (count > 1)
        {
            for (var i = 0; i + 1 < count; i += 2)
            {
                if (level[i] == level[i + 1])
                {
                    mutated = true;
                }
            }

            var next = 0;
            for (var i = 0; i < count; i += 2)
            {
                var right = i + 1 < count ? level[i + 1] : level[i];
                level[next++] = Hashes.HashPair(level[i], right);
            }

            count = next;
        }

        return level[0];
    }

    /// <summary>The merkle root of a block's transactions.</summary>
    public static Hash256 ComputeRoot(IReadOnlyList<Transaction> transactions, out bool mutated)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var ids = new Hash256[transactions.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = transactions[i].TxId;
        }

        return ComputeRoot(ids, out mutated);
    }
}
