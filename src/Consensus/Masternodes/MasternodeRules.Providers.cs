using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>The four provider transactions (MNL-3.2 to MNL-3.5).</summary>
public static partial class MasternodeRules
{
    private static RejectReason ApplyRegister(in ApplyContext c)
    {
        if (!ProviderPayloadCodec.TryParse(c.Tx.ExtraPayload, out ProviderRegisterPayload payload)
            || payload.Version != MasternodeRuleLimits.PayloadVersion
            || !c.Backend.IsValidPublicKey(payload.OwnerKey)
            || !c.Backend.IsValidPublicKey(payload.OperatorKey)
            || !ServiceAddress.IsValid(payload.Service)
            || !StandardScripts.TryGetKeyHash(payload.PayoutScript, out _)
            || payload.InputsHash != ProviderPayloadCodec.InputsHash(c.Tx))
        {
            return RejectReason.BadSpecialPayload;
        }

        var collateral = ResolveCollateral(c, payload, out var reason);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        var entry = new MasternodeEntry(c.Tx.TxId, collateral, payload.OwnerKey, payload.OperatorKey, payload.Service, payload.PayoutScript, c.Height, 0);
        if (c.List.Contains(entry.ProTxHash) || c.List.FindConflict(entry) is not null)
        {
            return RejectReason.DuplicateMasternodeField;
        }

        c.List.Set(entry, c.Log);
        return RejectReason.None;
    }

    /// <summary>MNL-2.3: an output of this transaction, or an unspent output whose key signed the payload.</summary>
    private static OutPoint ResolveCollateral(in ApplyContext c, ProviderRegisterPayload payload, out RejectReason reason)
    {
        reason = RejectReason.BadCollateral;
        if (payload.Collateral.TxId.IsZero)
        {
            var index = payload.Collateral.Index;
            if (payload.CollateralProof.Length != 0 || index >= c.Tx.Outputs.Count || !IsCollateralOutput(c, c.Tx.Outputs[(int)index]))
            {
                return default;
            }

            reason = RejectReason.None;
            return new OutPoint(c.Tx.TxId, index);
        }

        if (!c.View.TryGetCoin(payload.Collateral, out var coin) || !IsCollateralOutput(c, coin.Output)
            || payload.CollateralProof.Length <= MasternodeRuleLimits.KeySize)
        {
            return default;
        }

        var key = payload.CollateralProof.AsSpan(0, MasternodeRuleLimits.KeySize);
        StandardScripts.TryGetKeyHash(coin.Output.ScriptPubKey, out var keyHash);
        if (!Hashes.KeyHash(key).AsSpan().SequenceEqual(keyHash))
        {
            return default;
        }

        reason = PayloadSignature.Verify(c.Backend, key, payload.CollateralProof.AsSpan(MasternodeRuleLimits.KeySize), ProviderPayloadCodec.SigningHash(payload))
            ? RejectReason.None
            : RejectReason.BadPayloadSignature;
        return payload.Collateral;
    }

    private static bool IsCollateralOutput(in ApplyContext c, Model.TxOut output) =>
        output.Value == c.Parameters.MasternodeCollateral && StandardScripts.TryGetKeyHash(output.ScriptPubKey, out _);

    private static RejectReason ApplyUpdateService(in ApplyContext c)
    {
        if (!ProviderPayloadCodec.TryParse(c.Tx.ExtraPayload, out ProviderUpdateServicePayload payload)
            || payload.Version != MasternodeRuleLimits.PayloadVersion
            || !ServiceAddress.IsValid(payload.Service)
            || payload.InputsHash != ProviderPayloadCodec.InputsHash(c.Tx))
        {
            return RejectReason.BadSpecialPayload;
        }

        if (!c.List.TryGet(payload.ProTxHash, out var entry))
        {
            return RejectReason.UnknownMasternode;
        }

        if (!entry.HasOperator)
        {
            return RejectReason.MasternodeNotOperated;
        }

        var updated = entry.WithService(payload.Service);
        if (c.List.FindConflict(updated) is not null)
        {
            return RejectReason.DuplicateMasternodeField;
        }

        if (!PayloadSignature.Verify(c.Backend, entry.OperatorKey, payload.Signature, ProviderPayloadCodec.SigningHash(payload)))
        {
            return RejectReason.BadPayloadSignature;
        }

        c.List.Set(updated, c.Log);
        return RejectReason.None;
    }

    private static RejectReason ApplyUpdateRegistrar(in ApplyContext c)
    {
        if (!ProviderPayloadCodec.TryParse(c.Tx.ExtraPayload, out ProviderUpdateRegistrarPayload payload)
            || payload.Version != MasternodeRuleLimits.PayloadVersion
            || !c.Backend.IsValidPublicKey(payload.OperatorKey)
            || !StandardScripts.TryGetKeyHash(payload.PayoutScript, out _)
            || payload.InputsHash != ProviderPayloadCodec.InputsHash(c.Tx))
        {
            return RejectReason.BadSpecialPayload;
        }

        if (!c.List.TryGet(payload.ProTxHash, out var entry))
        {
            return RejectReason.UnknownMasternode;
        }

        var updated = entry.WithRegistrar(payload.OperatorKey, payload.PayoutScript);
        if (c.List.FindConflict(updated) is not null)
        {
            return RejectReason.DuplicateMasternodeField;
        }

        if (!PayloadSignature.Verify(c.Backend, entry.OwnerKey, payload.Signature, ProviderPayloadCodec.SigningHash(payload)))
        {
            return RejectReason.BadPayloadSignature;
        }

        c.List.Set(updated, c.Log);
        return RejectReason.None;
    }

    private static RejectReason ApplyRevoke(in ApplyContext c)
    {
        if (!ProviderPayloadCodec.TryParse(c.Tx.ExtraPayload, out ProviderRevokePayload payload)
            || payload.Version != MasternodeRuleLimits.PayloadVersion
            || payload.Reason > MasternodeRuleLimits.MaxRevocationReason
            || payload.InputsHash != ProviderPayloadCodec.InputsHash(c.Tx))
        {
            return RejectReason.BadSpecialPayload;
        }

        if (!c.List.TryGet(payload.ProTxHash, out var entry))
        {
            return RejectReason.UnknownMasternode;
        }

        if (!entry.HasOperator)
        {
            return RejectReason.MasternodeNotOperated;
        }

        if (!PayloadSignature.Verify(c.Backend, entry.OperatorKey, payload.Signature, ProviderPayloadCodec.SigningHash(payload)))
        {
            return RejectReason.BadPayloadSignature;
        }

        c.List.Set(entry.Revoked(payload.Reason), c.Log);
        return RejectReason.None;
    }
}
