using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>A verified masternode list after one block, and where it came from. The list is never changed once held.</summary>
/// <param name="BlockHash">The block.</param>
/// <param name="Height">Its height.</param>
/// <param name="List">The list after it.</param>
/// <param name="Source">Who computed it.</param>
public sealed record MasternodeView(Hash256 BlockHash, int Height, MasternodeList List, MasternodeListSource Source)
{
    /// <summary>The view of a node that holds nothing yet: the empty list at genesis.</summary>
    public static MasternodeView Empty(Hash256 genesis) => new(genesis, 0, new MasternodeList(), MasternodeListSource.Rule);
}
