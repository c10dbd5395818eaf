using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// Builds and signs the four provider transactions (MNL-2), each funded by one pay-to-key-hash coin
/// whose change goes back to a given script: the regtest helper, the generator, tests and benchmarks
/// use it. The payload binds the funding input (MNL-2.6) and is signed first; the input signature then
/// covers the payload (CHAIN-3.3).
/// </summary>
public static class ProviderTransactionBuilder
{
    /// <summary>The fee the regtest helper and the generator pay per provider transaction, in base units (well above the minimum rate for its size).</summary>
    public const long DefaultFee = 10_000;

    /// <summary>A registration whose collateral is its own output 0, paying <paramref name="collateral"/> to <paramref name="collateralScript"/>.</summary>
    public static Transaction Register(WalletCoin funding, long collateral, long fee, byte[] ownerKey, byte[] operatorKey, byte[] service, byte[] payoutScript, byte[] collateralScript, byte[] changeScript)
    {
        ArgumentNullException.ThrowIfNull(funding);
        var change = funding.Coin.Output.Value - collateral - fee;
        ArgumentOutOfRangeException.ThrowIfNegative(change, nameof(funding));
        var payload = new ProviderRegisterPayload(MasternodeRuleLimits.PayloadVersion, new OutPoint(Hash256.Zero, 0), ownerKey, operatorKey, service, payoutScript, InputsHash(funding), []);
        List<TxOut> outputs = [new TxOut(collateral, collateralScript)];
        if (change > 0)
        {
            outputs.Add(new TxOut(change, changeScript));
        }

        return Sign(SpecialTransactionType.ProviderRegister, funding, outputs, ProviderPayloadCodec.Write(payload));
    }

    /// <summary>A registration naming an existing collateral output, whose key signs the payload (MNL-2.3).</summary>
    public static Transaction RegisterWithExternalCollateral(WalletCoin funding, WalletCoin collateral, long fee, byte[] ownerKey, byte[] operatorKey, byte[] service, byte[] payoutScript, byte[] changeScript)
    {
        ArgumentNullException.ThrowIfNull(funding);
        ArgumentNullException.ThrowIfNull(collateral);
        var payload = new ProviderRegisterPayload(MasternodeRuleLimits.PayloadVersion, collateral.OutPoint, ownerKey, operatorKey, service, payoutScript, InputsHash(funding), []);
        var signature = PayloadSignature.Sign(collateral.Key, ProviderPayloadCodec.SigningHash(payload));
        payload = payload with { CollateralProof = [.. collateral.Key.PublicKey, .. signature] };
        return Sign(SpecialTransactionType.ProviderRegister, funding, [Change(funding, fee, changeScript)], ProviderPayloadCodec.Write(payload));
    }

    /// <summary>A service update signed by <paramref name="operatorKey"/>.</summary>
    public static Transaction UpdateService(WalletCoin funding, long fee, Hash256 proTxHash, byte[] service, PrivateKey operatorKey, byte[] changeScript)
    {
        ArgumentNullException.ThrowIfNull(funding);
        var payload = new ProviderUpdateServicePayload(MasternodeRuleLimits.PayloadVersion, proTxHash, service, InputsHash(funding), []);
        payload = payload with { Signature = PayloadSignature.Sign(operatorKey, ProviderPayloadCodec.SigningHash(payload)) };
        return Sign(SpecialTransactionType.ProviderUpdateService, funding, [Change(funding, fee, changeScript)], ProviderPayloadCodec.Write(payload));
    }

    /// <summary>A registrar update signed by <paramref name="ownerKey"/>.</summary>
    public static Transaction UpdateRegistrar(WalletCoin funding, long fee, Hash256 proTxHash, byte[] operatorKey, byte[] payoutScript, PrivateKey ownerKey, byte[] changeScript)
    {
        ArgumentNullException.ThrowIfNull(funding);
        var payload = new ProviderUpdateRegistrarPayload(MasternodeRuleLimits.PayloadVersion, proTxHash, operatorKey, payoutScript, InputsHash(funding), []);
        payload = payload with { Signature = PayloadSignature.Sign(ownerKey, ProviderPayloadCodec.SigningHash(payload)) };
        return Sign(SpecialTransactionType.ProviderUpdateRegistrar, funding, [Change(funding, fee, changeScript)], ProviderPayloadCodec.Write(payload));
    }

    /// <summary>A revocation signed by <paramref name="operatorKey"/>.</summary>
    public static Transaction Revoke(WalletCoin funding, long fee, Hash256 proTxHash, ushort reason, PrivateKey operatorKey, byte[] changeScript)
    {
        ArgumentNullException.ThrowIfNull(funding);
        var payload = new ProviderRevokePayload(MasternodeRuleLimits.PayloadVersion, proTxHash, reason, InputsHash(funding), []);
        payload = payload with { Signature = PayloadSignature.Sign(operatorKey, ProviderPayloadCodec.SigningHash(payload)) };
        return Sign(SpecialTransactionType.ProviderRevoke, funding, [Change(funding, fee, changeScript)], ProviderPayloadCodec.Write(payload));
    }

    /// <summary>The inputs hash of a transaction spending only <paramref name="funding"/>.</summary>
    public static Hash256 InputsHash(WalletCoin funding)
    {
        ArgumentNullException.ThrowIfNull(funding);
        return ProviderPayloadCodec.InputsHash(new Transaction(1, [new TxIn(funding.OutPoint, [])], [], 0));
    }

    private static TxOut Change(WalletCoin funding, long fee, byte[] changeScript)
    {
        var change = funding.Coin.Output.Value - fee;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(change, nameof(funding));
        return new TxOut(change, changeScript);
    }

    private static Transaction Sign(SpecialTransactionType type, WalletCoin funding, IReadOnlyList<TxOut> outputs, byte[] payload)
    {
        var template = new Transaction(1 | ((int)type << 16), [new TxIn(funding.OutPoint, [])], outputs, 0, payload);
        return TransactionSigner.Sign(template, [funding.Coin], [funding.Key]);
    }
}
