using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>The operator keys of the masternodes this node runs: it answers their PoSe challenges and signs their updates.</summary>
public interface IMasternodeOperatorKeys
{
    /// <summary>The private key of <paramref name="operatorPublicKey"/> for masternode <paramref name="proTxHash"/>, or null when the node does not hold it.</summary>
    PrivateKey? Find(Hash256 proTxHash, ReadOnlySpan<byte> operatorPublicKey);
}
