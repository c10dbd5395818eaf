using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>The payload of a revocation, type 4 (MNL-2.2), signed by the current operator key.</summary>
/// <param name="Version">Payload version, 1.</param>
/// <param name="ProTxHash">The masternode.</param>
/// <param name="Reason">0 unspecified, 1 termination of service, 2 compromised keys, 3 change of keys.</param>
/// <param name="InputsHash">Double SHA-256 of the transaction's input outpoints.</param>
/// <param name="Signature">DER signature of the operator key over the signing hash.</param>
public sealed record ProviderRevokePayload(ushort Version, Hash256 ProTxHash, ushort Reason, Hash256 InputsHash, byte[] Signature);
