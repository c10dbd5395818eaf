using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Asks how the list changed from one block to a later one (MN-3.1).</summary>
/// <param name="BaseBlockHash">The block whose list the requester holds (genesis for none).</param>
/// <param name="TargetBlockHash">The block whose list it wants.</param>
public sealed record MasternodeListSyncRequest(Hash256 BaseBlockHash, Hash256 TargetBlockHash) : IMasternodeMessage
{
    public MasternodeMessageType Type => MasternodeMessageType.ListSyncRequest;
}
