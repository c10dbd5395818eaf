using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>The payload of a registrar update, type 3 (MNL-2.2), signed by the owner key.</summary>
/// <param name="Version">Payload version, 1.</param>
/// <param name="ProTxHash">The masternode.</param>
/// <param name="OperatorKey">The operator key from now on (the same key keeps the service).</param>
/// <param name="PayoutScript">The payout script from now on.</param>
/// <param name="InputsHash">Double SHA-256 of the transaction's input outpoints.</param>
/// <param name="Signature">DER signature of the owner key over the signing hash.</param>
public sealed record ProviderUpdateRegistrarPayload(ushort Version, Hash256 ProTxHash, byte[] OperatorKey, byte[] PayoutScript, Hash256 InputsHash, byte[] Signature);
