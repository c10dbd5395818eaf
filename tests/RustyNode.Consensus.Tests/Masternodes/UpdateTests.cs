using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Masternodes;

/// <summary>Service updates, registrar updates, revocations and collateral spends (MNL-2.5, MNL-3).</summary>
public sealed class UpdateTests : IDisposable
{
    private readonly MasternodeTestChain _chain = new();
    private readonly IReadOnlyList<(Hash256 Id, MasternodeKeys Keys)> _registered;
    private readonly Hash256 _id;
    private readonly MasternodeKeys _keys;

    public UpdateTests()
    {
        _registered = _chain.Register(3);
        (_id, _keys) = _registered[0];
    }

    public void Dispose() => _chain.Dispose();

    private MasternodeEntry Entry => _chain.List.TryGet(_id, out var entry) ? entry : throw new InvalidOperationException("not listed");

    private Transaction UpdateService(byte[] service, PrivateKey signer, Hash256? id = null) =>
        _chain.Funded((coin, fee, change) => ProviderTransactionBuilder.UpdateService(coin, fee, id ?? _id, service, signer, change));

    private Transaction UpdateRegistrar(byte[] operatorKey, PrivateKey signer) =>
        _chain.Funded((coin, fee, change) => ProviderTransactionBuilder.UpdateRegistrar(coin, fee, _id, operatorKey, Entry.PayoutScript, signer, change));

    private Transaction Revoke(ushort reason, PrivateKey signer) =>
        _chain.Funded((coin, fee, change) => ProviderTransactionBuilder.Revoke(coin, fee, _id, reason, signer, change));

    [Fact]
    [Trait("Clause", "MNL-3.3")]
    [Trait("Clause", "MNL-2.5")]
    public void Service_update_signed_by_the_operator_moves_the_service_and_other_signers_are_refused()
    {
        var service = MasternodeTestChain.ServiceAt("203.0.113.5", 7777);
        _chain.AssertRefused(RejectReason.BadPayloadSignature, UpdateService(service, _keys.Owner));
        _chain.AssertRefused(RejectReason.UnknownMasternode, UpdateService(service, _keys.Operator, Hashes.DoubleSha256("nobody"u8)));
        _chain.AssertRefused(RejectReason.DuplicateMasternodeField, UpdateService(_chain.Generator.Masternodes.SortedEntries.First(e => e.ProTxHash != _id).Service, _keys.Operator));

        _chain.Mine(UpdateService(service, _keys.Operator));
        Assert.Equal(service, Entry.Service);
    }

    [Fact]
    [Trait("Clause", "MNL-2.5")]
    public void A_signature_of_one_payload_type_does_not_verify_as_another()
    {
        var update = UpdateService(MasternodeTestChain.ServiceAt("203.0.113.5"), _keys.Operator);
        Assert.True(ProviderPayloadCodec.TryParse(update.ExtraPayload, out ProviderUpdateServicePayload payload));
        var asRevoke = new ProviderRevokePayload(1, _id, 0, payload.InputsHash, []);
        var serviceHash = ProviderPayloadCodec.SigningHash(payload);
        Assert.NotEqual(serviceHash, ProviderPayloadCodec.SigningHash(asRevoke));
        Assert.True(PayloadSignature.Verify(Secp256k1.Default, _keys.Operator.PublicKey, payload.Signature, serviceHash));
        Assert.False(PayloadSignature.Verify(Secp256k1.Default, _keys.Operator.PublicKey, payload.Signature, ProviderPayloadCodec.SigningHash(asRevoke)));
    }

    [Fact]
    [Trait("Clause", "MNL-3.4")]
    public void Registrar_update_by_the_owner_with_a_new_operator_clears_the_service_until_that_operator_updates_it()
    {
        var newOperator = PrivateKey.FromSeed("new-operator");
        _chain.AssertRefused(RejectReason.BadPayloadSignature, UpdateRegistrar(newOperator.PublicKey, _keys.Operator));
        var otherOperator = _chain.Generator.Masternodes.SortedEntries.First(e => e.ProTxHash != _id).OperatorKey;
        _chain.AssertRefused(RejectReason.DuplicateMasternodeField, UpdateRegistrar(otherOperator, _keys.Owner));

        var oldService = Entry.Service;
        _chain.Mine(UpdateRegistrar(newOperator.PublicKey, _keys.Owner));
        Assert.Equal(newOperator.PublicKey, Entry.OperatorKey);
        Assert.Empty(Entry.Service);
        Assert.False(Entry.IsValid);

        _chain.AssertRefused(RejectReason.BadPayloadSignature, UpdateService(oldService, _keys.Operator));
        _chain.Mine(UpdateService(oldService, newOperator));
        Assert.True(Entry.IsValid);

        // The same operator key keeps the service.
        _chain.Mine(UpdateRegistrar(newOperator.PublicKey, _keys.Owner));
        Assert.Equal(oldService, Entry.Service);
    }

    [Fact]
    [Trait("Clause", "MNL-3.5")]
    public void Revocation_clears_operator_and_service_and_the_owner_revives_the_masternode()
    {
        _chain.AssertRefused(RejectReason.BadPayloadSignature, Revoke(1, _keys.Owner));
        _chain.AssertRefused(RejectReason.BadSpecialPayload, Revoke(4, _keys.Operator));
        _chain.Mine(Revoke(2, _keys.Operator));
        Assert.False(Entry.HasOperator);
        Assert.Empty(Entry.Service);
        Assert.Equal(2, Entry.RevocationReason);
        Assert.False(Entry.IsValid);
        Assert.Equal(3, _chain.List.Count);

        _chain.AssertRefused(RejectReason.MasternodeNotOperated, Revoke(1, _keys.Operator));
        _chain.AssertRefused(RejectReason.MasternodeNotOperated, UpdateService(MasternodeTestChain.ServiceAt("203.0.113.9"), _keys.Operator));

        var revived = PrivateKey.FromSeed("revived-operator");
        _chain.Mine(UpdateRegistrar(revived.PublicKey, _keys.Owner));
        Assert.Equal(2, Entry.RevocationReason);
        _chain.Mine(UpdateService(MasternodeTestChain.ServiceAt("203.0.113.9"), revived));
        Assert.True(Entry.IsValid);
        Assert.Equal(0, Entry.RevocationReason);
    }

    [Fact]
    [Trait("Clause", "MNL-3.1")]
    public void Spending_the_collateral_removes_the_masternode_before_the_spending_transactions_payload()
    {
        _chain.Mine(MasternodeTestChain.SpendCollateral(_id, _keys));
        Assert.False(_chain.List.Contains(_id));
        Assert.Equal(2, _chain.List.Count);

        // A revocation that spends its own masternode's collateral finds it gone.
        var (other, keys) = _registered[1];
        var collateral = new Coin(new TxOut(ChainParameters.Regtest.MasternodeCollateral, keys.Owner.ScriptPubKey), 0, false);
        var funding = new WalletCoin(new OutPoint(other, 0), collateral, keys.Owner);
        var selfRevoke = ProviderTransactionBuilder.Revoke(funding, 10_000, other, 0, keys.Operator, keys.Owner.ScriptPubKey);
        _chain.AssertRefused(RejectReason.UnknownMasternode, selfRevoke);
    }
}
