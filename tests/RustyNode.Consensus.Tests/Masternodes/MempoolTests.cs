using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Masternodes;

/// <summary>Special transactions in the mempool and in produced blocks (MNL-7).</summary>
public sealed class MempoolTests : IDisposable
{
    private readonly MasternodeTestChain _chain = new();
    private readonly IReadOnlyList<(Hash256 Id, MasternodeKeys Keys)> _listed;

    public MempoolTests()
    {
        _listed = _chain.Register(2);
    }

    public void Dispose() => _chain.Dispose();

    private Transaction Register(MasternodeKeys keys, byte[] service) => _chain.Funded((coin, fee, change) =>
        ProviderTransactionBuilder.Register(coin, RustyNode.Consensus.Chain.ChainParameters.Regtest.MasternodeCollateral, fee, keys.Owner.PublicKey, keys.Operator.PublicKey, service, keys.Owner.ScriptPubKey, keys.Owner.ScriptPubKey, change));

    private Transaction UpdateService(int listed, string ip) => _chain.Funded((coin, fee, change) =>
        ProviderTransactionBuilder.UpdateService(coin, fee, _listed[listed].Id, MasternodeTestChain.ServiceAt(ip), _listed[listed].Keys.Operator, change));

    private RejectReason Submit(Transaction tx) => _chain.Service.AcceptTransaction(tx).Result.Reason;

    [Fact]
    [Trait("Clause", "MNL-7.1")]
    public void Pending_special_transactions_may_not_share_a_claim_and_each_must_apply_to_the_list()
    {
        var keys = _chain.Generator.CreateMasternodeKeys(900);
        Assert.Equal(RejectReason.None, Submit(Register(keys, MasternodeTestChain.ServiceAt("192.0.2.1"))));
        Assert.Equal(RejectReason.MempoolConflict, Submit(Register(keys with { Operator = _chain.Generator.CreateMasternodeKeys(901).Operator }, MasternodeTestChain.ServiceAt("192.0.2.2"))));
        Assert.Equal(RejectReason.MempoolConflict, Submit(Register(_chain.Generator.CreateMasternodeKeys(902), MasternodeTestChain.ServiceAt("192.0.2.1"))));

        Assert.Equal(RejectReason.None, Submit(UpdateService(0, "192.0.2.50")));
        Assert.Equal(RejectReason.MempoolConflict, Submit(UpdateService(0, "192.0.2.51")));
        Assert.Equal(RejectReason.MempoolConflict, Submit(_chain.Funded((coin, fee, change) => ProviderTransactionBuilder.Revoke(coin, fee, _listed[0].Id, 0, _listed[0].Keys.Operator, change))));

        Assert.Equal(RejectReason.UnknownMasternode, Submit(_chain.Funded((coin, fee, change) => ProviderTransactionBuilder.Revoke(coin, fee, Hashes.DoubleSha256("nobody"u8), 0, keys.Operator, change))));
        Assert.Equal(RejectReason.DuplicateMasternodeField, Submit(Register(_listed[1].Keys with { Operator = _chain.Generator.CreateMasternodeKeys(903).Operator }, MasternodeTestChain.ServiceAt("192.0.2.3"))));
        Assert.Equal(RejectReason.BadPayloadSignature, Submit(_chain.Funded((coin, fee, change) => ProviderTransactionBuilder.Revoke(coin, fee, _listed[1].Id, 0, keys.Operator, change))));

        Assert.Equal(2, _chain.Service.GetMempoolInfo().Count);
        Assert.True(_chain.Service.Generate(1).Accepted);
        Assert.Equal(0, _chain.Service.GetMempoolInfo().Count);
        Assert.Equal(3, _chain.List.Count);
        Assert.True(_chain.List.TryGet(_listed[0].Id, out var moved));
        Assert.Equal(MasternodeTestChain.ServiceAt("192.0.2.50"), moved.Service);
    }

    [Fact]
    [Trait("Clause", "MNL-7.2")]
    public void A_pending_update_leaves_the_mempool_when_a_block_removes_its_masternode()
    {
        var update = UpdateService(0, "192.0.2.60");
        Assert.Equal(RejectReason.None, Submit(update));
        _chain.Mine(MasternodeTestChain.SpendCollateral(_listed[0].Id, _listed[0].Keys));
        Assert.False(_chain.Service.TryGetMempoolTransaction(update.TxId, out _));
        Assert.Equal(0, _chain.Service.GetMempoolInfo().Count);
    }

    [Fact]
    [Trait("Clause", "MNL-7.2")]
    public void Block_production_drops_an_update_whose_masternode_an_earlier_transaction_removes()
    {
        var update = UpdateService(1, "192.0.2.70");
        var spend = MasternodeTestChain.SpendCollateral(_listed[1].Id, _listed[1].Keys);
        Assert.True(spend.Size < update.Size, "the spend pays the higher fee rate, so it is chosen first");
        Assert.Equal(RejectReason.None, Submit(update));
        Assert.Equal(RejectReason.None, Submit(spend));

        var generated = _chain.Service.Generate(1);
        Assert.True(generated.Accepted, generated.Reason);
        var block = _chain.Service.GetBlock(Hash256.Parse(generated.Hashes[0]))!;
        Assert.Contains(block.Transactions, tx => tx.TxId == spend.TxId);
        Assert.DoesNotContain(block.Transactions, tx => tx.TxId == update.TxId);
        Assert.False(_chain.List.Contains(_listed[1].Id));
        Assert.Equal(0, _chain.Service.GetMempoolInfo().Count);
    }
}
