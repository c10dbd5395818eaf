using RustyNode.Consensus.Service;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>The serving side (MN-2.2, MN-3.2): the messages that answer a list or diff request from what the chain holds.</summary>
public static class MasternodeSyncMessages
{
    /// <summary>Chunk <paramref name="index"/> of the list in <paramref name="snapshot"/>, or null when there is no such chunk.</summary>
    public static MasternodeListResponse? Chunk(MasternodeListSnapshot snapshot, uint index)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var total = (uint)snapshot.Entries.Count;
        var count = MasternodeListAssembler.ChunkCountFor(total);
        if (total > MasternodeLimits.MaxListEntries || index >= count)
        {
            return null;
        }

        var start = (int)(index * MasternodeLimits.MaxEntriesPerChunk);
        var entries = snapshot.Entries.Skip(start).Take(MasternodeListAssembler.EntriesInChunk(total, index)).ToArray();
        return new MasternodeListResponse(snapshot.BlockHash, index, count, total, snapshot.Coinbase, snapshot.CoinbaseBranch, entries);
    }

    /// <summary>The diff message of <paramref name="snapshot"/>, or null when it is over the diff limits (the requester then fetches the full list).</summary>
    public static MasternodeListSync? Diff(MasternodeDiffSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Added.Count + snapshot.Updated.Count > MasternodeLimits.MaxDiffEntries || snapshot.Removed.Count > MasternodeLimits.MaxDiffRemoved)
        {
            return null;
        }

        return new MasternodeListSync(snapshot.BaseHash, snapshot.TargetHash, snapshot.Coinbase, snapshot.CoinbaseBranch, snapshot.Added, snapshot.Updated, snapshot.Removed);
    }
}
