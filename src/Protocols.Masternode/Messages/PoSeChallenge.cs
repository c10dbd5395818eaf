using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>A Proof-of-Service challenge sent to a masternode's service address (MN-4.2).</summary>
/// <param name="ProTxHash">The masternode challenged.</param>
/// <param name="Nonce">32 random bytes chosen by the challenger.</param>
/// <param name="BlockHash">A recent block of the challenger's active chain.</param>
public sealed record PoSeChallenge(Hash256 ProTxHash, Hash256 Nonce, Hash256 BlockHash) : IMasternodeMessage
{
    public MasternodeMessageType Type => MasternodeMessageType.PoSeChallenge;
}
