using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Asks for one chunk of the masternode list at a block (MN-2.1).</summary>
/// <param name="BlockHash">The block whose list is wanted.</param>
/// <param name="ChunkIndex">Which chunk, from 0.</param>
public sealed record MasternodeListRequest(Hash256 BlockHash, uint ChunkIndex) : IMasternodeMessage
{
    public MasternodeMessageType Type => MasternodeMessageType.ListRequest;
}
