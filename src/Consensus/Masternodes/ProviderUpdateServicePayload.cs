using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>The payload of a service update, type 2 (MNL-2.2), signed by the current operator key.</summary>
/// <param name="Version">Payload version, 1.</param>
/// <param name="ProTxHash">The masternode.</param>
/// <param name="Service">The new service address.</param>
/// <param name="InputsHash">Double SHA-256 of the transaction's input outpoints.</param>
/// <param name="Signature">DER signature of the operator key over the signing hash (MNL-2.5).</param>
public sealed record ProviderUpdateServicePayload(ushort Version, Hash256 ProTxHash, byte[] Service, Hash256 InputsHash, byte[] Signature);
