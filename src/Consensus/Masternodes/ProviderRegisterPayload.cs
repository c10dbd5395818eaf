using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// The payload of a provider registration, type 1 (MNL-2.2). <paramref name="Collateral"/> with a zero
/// txid names output <c>Index</c> of the registering transaction itself; otherwise an existing output
/// whose owner proves consent with <paramref name="CollateralProof"/> (key and signature, MNL-2.3).
/// </summary>
/// <param name="Version">Payload version, 1.</param>
/// <param name="Collateral">The collateral output.</param>
/// <param name="OwnerKey">Compressed owner key (signs registrar updates).</param>
/// <param name="OperatorKey">Compressed operator key (signs service updates, revocations, network messages).</param>
/// <param name="Service">The service address (<see cref="ServiceAddress"/>).</param>
/// <param name="PayoutScript">Pay-to-key-hash payout script.</param>
/// <param name="InputsHash">Double SHA-256 of the transaction's input outpoints (MNL-2.6).</param>
/// <param name="CollateralProof">Empty for a collateral in this transaction; else the 33-byte key of the collateral's key hash followed by its DER signature.</param>
public sealed record ProviderRegisterPayload(
    ushort Version,
    OutPoint Collateral,
    byte[] OwnerKey,
    byte[] OperatorKey,
    byte[] Service,
    byte[] PayoutScript,
    Hash256 InputsHash,
    byte[] CollateralProof);
