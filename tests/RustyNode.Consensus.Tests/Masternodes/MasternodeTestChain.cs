using System.Net;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Tests.Chain;

namespace RustyNode.Consensus.Tests.Masternodes;

/// <summary>
/// A regtest chain service fed by a generator that has mature coins (height 120: twenty mature coinbases), with helpers to
/// mine provider transactions and to check that a refused block changed nothing.
/// </summary>
internal sealed class MasternodeTestChain : IDisposable
{
    public MasternodeTestChain(int height = 120)
    {
        Chain.Extend(height);
    }

    public TestChain Chain { get; } = new();

    public ChainGenerator Generator => Chain.Generator;

    public RustyNode.Consensus.Service.ChainService Service => Chain.Service;

    /// <summary>The node's list after its active tip.</summary>
    public MasternodeList List => Service.Chain.Masternodes;

    public static byte[] ServiceAt(string ip, int port = 9999) => ServiceAddress.Create(IPAddress.Parse(ip), port);

    /// <summary>Mines <paramref name="transactions"/> in one generated block; asserts the node accepts it and agrees on the list.</summary>
    public Block Mine(params Transaction[] transactions)
    {
        var block = Generator.AddBlock(transactions);
        var result = Service.ProcessBlock(block);
        Assert.True(result.IsAccepted, result.ToString());
        Assert.Equal(Generator.Masternodes.Root, List.Root);
        Assert.Equal(Generator.Masternodes.Count, List.Count);
        return block;
    }

    /// <summary>Registers <paramref name="count"/> masternodes in one block; returns their ids and keys.</summary>
    public IReadOnlyList<(Hash256 Id, MasternodeKeys Keys)> Register(int count)
    {
        var registrations = Generator.CreateRegistrations(count);
        Mine([.. registrations.Select(r => r.Tx)]);
        return [.. registrations.Select(r => (r.Tx.TxId, r.Keys))];
    }

    /// <summary>Asserts that a block holding <paramref name="transactions"/> is refused with <paramref name="expected"/> and changes nothing.</summary>
    public void AssertRefused(RejectReason expected, params Transaction[] transactions)
    {
        var block = Generator.Clone().AddBlock(transactions);
        AssertRefused(block, expected);
    }

    public void AssertRefused(Block block, RejectReason expected)
    {
        var before = StoreSnapshot.Take(Service);
        var root = List.Root;
        var stored = Service.Chain.Store.LoadMasternodeList().Root;
        Assert.Equal(expected, Service.ProcessBlock(block).Reason);
        before.AssertUnchanged(Service);
        Assert.Equal(root, List.Root);
        Assert.Equal(stored, Service.Chain.Store.LoadMasternodeList().Root);
    }

    /// <summary>A transaction of the generator's wallet funded with one coin.</summary>
    public Transaction Funded(Func<WalletCoin, long, byte[], Transaction> build) => Generator.CreateFundedTransaction(build);

    /// <summary>A confirmed-next-block output of exactly the collateral amount to <paramref name="key"/>, and the transaction creating it.</summary>
    public (Transaction Tx, WalletCoin Coin) CollateralOutput(PrivateKey key, long? amount = null)
    {
        var value = amount ?? ChainParameters.Regtest.MasternodeCollateral;
        var tx = Funded((coin, fee, change) => TransactionSigner.Sign(
            new Transaction(1, [new TxIn(coin.OutPoint, [])], [new TxOut(value, key.ScriptPubKey), new TxOut(coin.Coin.Output.Value - value - fee, change)], 0),
            [coin.Coin],
            [coin.Key]));
        return (tx, new WalletCoin(new OutPoint(tx.TxId, 0), new Coin(tx.Outputs[0], Generator.Height + 1, false), key));
    }

    /// <summary>A signed spend of a masternode's collateral (output 0 of its registration, owned by its owner key).</summary>
    public static Transaction SpendCollateral(Hash256 proTxHash, MasternodeKeys keys)
    {
        var coin = new Coin(new TxOut(ChainParameters.Regtest.MasternodeCollateral, keys.Owner.ScriptPubKey), 0, false);
        var template = new Transaction(1, [new TxIn(new OutPoint(proTxHash, 0), [])], [new TxOut(coin.Output.Value - 10_000, keys.Owner.ScriptPubKey)], 0);
        return TransactionSigner.Sign(template, [coin], [keys.Owner]);
    }

    public void Dispose() => Chain.Dispose();
}
