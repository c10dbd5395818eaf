using System.Security.Cryptography;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>
/// Which masternodes a node challenges after a block (MN-10.1): among the valid ones it may challenge,
/// those with the lowest SHA-256 of block hash, the node's peer id and proTxHash. Every node picks its
/// own (its peer id differs), and nobody can steer the picks before the block exists.
/// </summary>
public static class PoSeSelector
{
    /// <param name="list">The node's list after the block.</param>
    /// <param name="blockHash">The block.</param>
    /// <param name="localPeerId">The node's peer id bytes.</param>
    /// <param name="count">How many to pick.</param>
    /// <param name="skip">True for masternodes the node must not challenge (its own, banned, leaving).</param>
    public static IReadOnlyList<MasternodeEntry> Pick(MasternodeList list, Hash256 blockHash, ReadOnlySpan<byte> localPeerId, int count, Func<MasternodeEntry, bool> skip)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(skip);
        var prefix = new byte[32 + localPeerId.Length];
        blockHash.WriteTo(prefix);
        localPeerId.CopyTo(prefix.AsSpan(32));
        var scored = new List<(Hash256 Score, MasternodeEntry Entry)>();
        Span<byte> input = stackalloc byte[prefix.Length + 32];
        Span<byte> digest = stackalloc byte[32];
        prefix.CopyTo(input);
        foreach (var entry in list.SortedEntries)
        {
            if (!entry.IsValid || skip(entry))
            {
                continue;
            }

            entry.ProTxHash.WriteTo(input[prefix.Length..]);
            SHA256.HashData(input, digest);
            scored.Add((new Hash256(digest), entry));
        }

        return [.. scored.OrderBy(s => s.Score).Take(count).Select(s => s.Entry)];
    }
}
