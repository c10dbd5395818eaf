using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Chain;

/// <summary>Which transaction types a block at a height may hold (CHAIN-3.6, MNL-1).</summary>
public sealed class SpecialTransactionTests : IDisposable
{
    private readonly TestChain _chain = new();

    public void Dispose() => _chain.Dispose();

    private static Transaction Special(int type, byte[] payload) =>
        new(1 | (type << 16), [new TxIn(new OutPoint(Hashes.DoubleSha256("ghost"u8), 0), [0x00])], [new TxOut(1, [0x51])], 0, payload);

    [Fact]
    [Trait("Clause", "CHAIN-3.6")]
    [Trait("Clause", "MNL-1.1")]
    public void Special_transactions_are_refused_below_the_activation_height_in_blocks_and_the_mempool()
    {
        _chain.Extend(ChainParameters.Regtest.MasternodeActivationHeight - 3);
        var tip = _chain.Service.Chain.Tip;

        var block = TestBlocks.OnTip(tip, 0, null, [Special(1, [1, 0])]);
        Assert.Equal(RejectReason.SpecialTransactionNotActive, _chain.Service.ProcessBlock(block).Reason);
        Assert.Equal(RejectReason.SpecialTransactionNotActive, _chain.Service.AcceptTransaction(Special(2, [1, 0])).Result.Reason);

        var early = TestBlocks.WithCommitment(tip, CoinbaseCommitment.Empty, []);
        Assert.Equal(RejectReason.SpecialTransactionNotActive, _chain.Service.ProcessBlock(early).Reason);
        Assert.True(_chain.Service.ProcessBlock(TestBlocks.OnTip(tip, 0, null, [])).IsAccepted);
    }

    [Fact]
    [Trait("Clause", "MNL-1.1")]
    public void Networks_have_their_activation_heights_and_collaterals()
    {
        Assert.Equal((4_032, 1_000 * Money.Coin), (ChainParameters.Mainnet.MasternodeActivationHeight, ChainParameters.Mainnet.MasternodeCollateral));
        Assert.Equal((576, 1_000 * Money.Coin), (ChainParameters.Testnet.MasternodeActivationHeight, ChainParameters.Testnet.MasternodeCollateral));
        Assert.Equal((10, 1_000_000L), (ChainParameters.Regtest.MasternodeActivationHeight, ChainParameters.Regtest.MasternodeCollateral));
        Assert.False(ChainParameters.Regtest.MasternodesActiveAt(9));
        Assert.True(ChainParameters.Regtest.MasternodesActiveAt(10));
    }

    [Fact]
    [Trait("Clause", "MNL-1.2")]
    public void From_activation_the_coinbase_is_type_5_and_type_5_appears_nowhere_else()
    {
        _chain.Extend(ChainParameters.Regtest.MasternodeActivationHeight + 1);
        var tip = _chain.Service.Chain.Tip;

        Assert.Equal(RejectReason.BadCoinbasePayload, _chain.Service.ProcessBlock(TestBlocks.OnTip(tip, 0, null, [])).Reason);
        Assert.Equal(RejectReason.BadCoinbasePayload, _chain.Service.ProcessBlock(TestBlocks.OnTip(tip, 1, [1, 0], [])).Reason);
        var stray = Special(5, ProviderPayloadCodec.Write(CoinbaseCommitment.Empty));
        Assert.Equal(RejectReason.BadSpecialPayload, _chain.Service.ProcessBlock(TestBlocks.WithCommitment(tip, CoinbaseCommitment.Empty, [stray])).Reason);
        Assert.Equal(RejectReason.BadSpecialPayload, _chain.Service.AcceptTransaction(stray).Result.Reason);
        var unknown = Special(6, [1, 0]);
        Assert.Equal(RejectReason.SpecialTransactionNotActive, _chain.Service.ProcessBlock(TestBlocks.WithCommitment(tip, CoinbaseCommitment.Empty, [unknown])).Reason);

        Assert.True(_chain.Service.ProcessBlock(TestBlocks.WithCommitment(tip, CoinbaseCommitment.Empty, [])).IsAccepted);
        Assert.True(_chain.Service.Generate(2).Accepted);
    }
}
