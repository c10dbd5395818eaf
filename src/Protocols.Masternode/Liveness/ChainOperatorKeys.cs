using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>
/// Operator keys from the chain's regtest keyring (the masternodes register_masternodes made, MNL-8.2),
/// plus keys given to the node, which serve any masternode whose list entry
/// names their public key.
/// </summary>
public sealed class ChainOperatorKeys : IMasternodeOperatorKeys
{
    private readonly ChainService _chain;
    private readonly IReadOnlyList<PrivateKey> _extra;

    /// <param name="chain">The chain whose regtest keyring is asked.</param>
    /// <param name="extra">Operator keys given to the node.</param>
    public ChainOperatorKeys(ChainService chain, IEnumerable<PrivateKey>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _chain = chain;
        _extra = extra?.ToArray() ?? [];
    }

    /// <inheritdoc />
    public PrivateKey? Find(Hash256 proTxHash, ReadOnlySpan<byte> operatorPublicKey)
    {
        foreach (var key in _extra)
        {
            if (key.PublicKey.AsSpan().SequenceEqual(operatorPublicKey))
            {
                return key;
            }
        }

        return _chain.FindMasternodeOperatorKey(proTxHash, operatorPublicKey);
    }
}
