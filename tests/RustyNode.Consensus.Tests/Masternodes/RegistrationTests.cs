using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Masternodes;

/// <summary>Registrations and their payload rules (MNL-2, MNL-3.2).</summary>
public sealed class RegistrationTests : IDisposable
{
    private readonly MasternodeTestChain _chain = new();

    public void Dispose() => _chain.Dispose();

    private Transaction Register(MasternodeKeys keys, byte[] service, Func<ProviderRegisterPayload, ProviderRegisterPayload>? tamper = null, long? collateral = null) =>
        _chain.Funded((coin, fee, change) =>
        {
            var tx = ProviderTransactionBuilder.Register(coin, collateral ?? ChainParameters.Regtest.MasternodeCollateral, fee, keys.Owner.PublicKey, keys.Operator.PublicKey, service, keys.Owner.ScriptPubKey, keys.Owner.ScriptPubKey, change);
            if (tamper is null)
            {
                return tx;
            }

            Assert.True(ProviderPayloadCodec.TryParse(tx.ExtraPayload, out ProviderRegisterPayload payload));
            var template = new Transaction(tx.Version, [new TxIn(coin.OutPoint, [])], tx.Outputs, 0, ProviderPayloadCodec.Write(tamper(payload)));
            return TransactionSigner.Sign(template, [coin.Coin], [coin.Key]);
        });

    private MasternodeKeys Keys(int n) => _chain.Generator.CreateMasternodeKeys(500 + n);

    [Fact]
    [Trait("Clause", "MNL-3.2")]
    [Trait("Clause", "MNL-4.3")]
    [Trait("Clause", "MNL-5.1")]
    public void Registration_adds_an_entry_with_its_fields_and_the_coinbase_commits_to_the_list()
    {
        var keys = Keys(0);
        var service = MasternodeTestChain.ServiceAt("192.0.2.7", 4001);
        var tx = Register(keys, service);
        var block = _chain.Mine(tx);

        Assert.True(_chain.List.TryGet(tx.TxId, out var entry));
        Assert.Equal(new OutPoint(tx.TxId, 0), entry.Collateral);
        Assert.Equal(keys.Owner.PublicKey, entry.OwnerKey);
        Assert.Equal(keys.Operator.PublicKey, entry.OperatorKey);
        Assert.Equal(service, entry.Service);
        Assert.Equal(keys.Owner.ScriptPubKey, entry.PayoutScript);
        Assert.Equal(_chain.Generator.Height, entry.RegisteredHeight);
        Assert.True(entry.IsValid);
        var commitment = MasternodeRules.ReadCommitment(block.Transactions[0]);
        Assert.Equal(new CoinbaseCommitment(1, 1, _chain.List.Root), commitment);
        Assert.Equal(MasternodeList.ComputeRoot([entry]), _chain.List.Root);
        Assert.Equal(entry.LeafHash, _chain.List.Root);
    }

    [Fact]
    [Trait("Clause", "MNL-3.2")]
    public void A_second_entry_with_a_held_owner_key_operator_key_service_or_collateral_is_refused()
    {
        var first = Keys(0);
        var service = MasternodeTestChain.ServiceAt("192.0.2.1");
        _chain.Mine(Register(first, service));

        _chain.AssertRefused(RejectReason.DuplicateMasternodeField, Register(first with { Operator = Keys(1).Operator }, MasternodeTestChain.ServiceAt("192.0.2.2")));
        _chain.AssertRefused(RejectReason.DuplicateMasternodeField, Register(Keys(2) with { Operator = first.Operator }, MasternodeTestChain.ServiceAt("192.0.2.3")));
        _chain.AssertRefused(RejectReason.DuplicateMasternodeField, Register(Keys(3), service));

        // Two fresh registrations that collide with each other inside one block.
        var shared = MasternodeTestChain.ServiceAt("192.0.2.9");
        _chain.AssertRefused(RejectReason.DuplicateMasternodeField, Register(Keys(4), shared), Register(Keys(5), shared));
    }

    [Fact]
    [Trait("Clause", "MNL-2.3")]
    public void External_collateral_needs_the_exact_amount_and_its_owners_signature()
    {
        var owner = PrivateKey.FromSeed("collateral-owner");
        var (fundingTx, collateral) = _chain.CollateralOutput(owner);
        var (oddTx, odd) = _chain.CollateralOutput(owner, ChainParameters.Regtest.MasternodeCollateral + 1);
        _chain.Mine(fundingTx, oddTx);

        Transaction External(WalletCoin coin, MasternodeKeys keys, string ip) => _chain.Funded((funding, fee, change) =>
            ProviderTransactionBuilder.RegisterWithExternalCollateral(funding, coin, fee, keys.Owner.PublicKey, keys.Operator.PublicKey, MasternodeTestChain.ServiceAt(ip), keys.Owner.ScriptPubKey, change));

        _chain.AssertRefused(RejectReason.BadCollateral, External(odd, Keys(0), "198.51.100.1"));
        _chain.AssertRefused(RejectReason.BadCollateral, External(collateral with { Key = PrivateKey.FromSeed("mallory") }, Keys(1), "198.51.100.2"));
        var forged = External(collateral, Keys(2), "198.51.100.3");
        Assert.True(ProviderPayloadCodec.TryParse(forged.ExtraPayload, out ProviderRegisterPayload payload));
        var badProof = payload with { CollateralProof = [.. owner.PublicKey, .. PayloadSignature.Sign(owner, Hashes.DoubleSha256("other"u8))] };
        _chain.AssertRefused(RejectReason.BadPayloadSignature, Resign(forged, badProof));

        var good = External(collateral, Keys(3), "198.51.100.4");
        _chain.Mine(good);
        Assert.True(_chain.List.TryGet(good.TxId, out var entry));
        Assert.Equal(collateral.OutPoint, entry.Collateral);

        // The same collateral cannot back a second masternode.
        _chain.AssertRefused(RejectReason.DuplicateMasternodeField, External(collateral, Keys(4), "198.51.100.5"));
    }

    [Fact]
    [Trait("Clause", "MNL-2.3")]
    public void Own_collateral_must_hold_the_exact_amount_and_carry_no_proof()
    {
        _chain.AssertRefused(RejectReason.BadCollateral, Register(Keys(0), MasternodeTestChain.ServiceAt("192.0.2.1"), collateral: ChainParameters.Regtest.MasternodeCollateral - 1));
        _chain.AssertRefused(RejectReason.BadCollateral, Register(Keys(1), MasternodeTestChain.ServiceAt("192.0.2.2"), p => p with { CollateralProof = [1] }));
        _chain.AssertRefused(RejectReason.BadCollateral, Register(Keys(2), MasternodeTestChain.ServiceAt("192.0.2.3"), p => p with { Collateral = new OutPoint(Hash256.Zero, 7) }));
    }

    [Theory]
    [Trait("Clause", "MNL-2.1")]
    [Trait("Clause", "MNL-2.2")]
    [Trait("Clause", "MNL-2.4")]
    [Trait("Clause", "MNL-2.6")]
    [InlineData("version")]
    [InlineData("owner-not-a-point")]
    [InlineData("payout-not-p2kh")]
    [InlineData("service-port-zero")]
    [InlineData("service-dns")]
    [InlineData("inputs-hash")]
    public void Registration_with_a_bad_field_is_a_bad_special_payload(string field)
    {
        var keys = Keys(0);
        Func<ProviderRegisterPayload, ProviderRegisterPayload> tamper = field switch
        {
            "version" => p => p with { Version = 2 },
            "owner-not-a-point" => p => p with { OwnerKey = [0x02, .. new byte[32]] },
            "payout-not-p2kh" => p => p with { PayoutScript = [0x51] },
            "service-port-zero" => p => p with { Service = [0x04, 192, 0, 2, 1, 0x06, 0, 0] },
            "service-dns" => p => p with { Service = [0x35, 3, (byte)'a', (byte)'.', (byte)'b', 0x06, 0x0f, 0xa1] },
            _ => p => p with { InputsHash = Hashes.DoubleSha256("elsewhere"u8) },
        };
        _chain.AssertRefused(RejectReason.BadSpecialPayload, Register(keys, MasternodeTestChain.ServiceAt("192.0.2.1"), tamper));
    }

    [Fact]
    [Trait("Clause", "MNL-2.1")]
    public void Payload_with_trailing_bytes_is_refused()
    {
        var tx = Register(Keys(0), MasternodeTestChain.ServiceAt("192.0.2.1"));
        var padded = new Transaction(tx.Version, [new TxIn(tx.Inputs[0].PrevOut, [])], tx.Outputs, 0, [.. tx.ExtraPayload, 0]);
        _chain.AssertRefused(RejectReason.BadSpecialPayload, padded);
    }

    private static Transaction Resign(Transaction tx, ProviderRegisterPayload payload) =>
        new(tx.Version, tx.Inputs, tx.Outputs, tx.LockTime, ProviderPayloadCodec.Write(payload));
}
