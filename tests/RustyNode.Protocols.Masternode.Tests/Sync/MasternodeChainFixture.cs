using System.Buffers;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Tests.Sync;

/// <summary>
/// Node A: a regtest chain where 1,000 masternodes are registered over five blocks, then some have
/// their service updated, some are revoked, some lose their collateral, and more register. Node B:
/// the same headers only. The generator's own list after each block is the oracle.
/// </summary>
public sealed class MasternodeChainFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rustynode-mn-sync-" + Guid.NewGuid().ToString("N"));

    public MasternodeChainFixture()
    {
        var generator = new ChainGenerator(ChainParameters.Regtest, Secp256k1.Default, "mn-sync");
        A = ChainService.Open(Path.Combine(_root, "a"), ChainParameters.Regtest);
        B = ChainService.Open(Path.Combine(_root, "b"), ChainParameters.Regtest);
        Roots[0] = Hash256.Zero;
        void Add(Block block)
        {
            var result = A.ProcessBlock(block);
            Assert.True(result.IsAccepted, result.ToString());
            Roots[generator.Height] = generator.Masternodes.Root;
        }

        for (var i = 0; i < 160; i++)
        {
            Add(generator.AddBlock([]));
        }

        var registered = new List<(Transaction Tx, MasternodeKeys Keys)>();
        for (var i = 0; i < 5; i++)
        {
            var batch = generator.CreateRegistrations(200);
            registered.AddRange(batch);
            Add(generator.AddBlock([.. batch.Select(r => r.Tx)]));
        }

        var changes = new List<Transaction>();
        for (var i = 0; i < 20; i++)
        {
            var (tx, keys) = registered[i * 7];
            changes.Add(generator.CreateFundedTransaction((coin, fee, change) => ProviderTransactionBuilder.UpdateService(coin, fee, tx.TxId, ServiceAddress.Create(System.Net.IPAddress.Parse("172.16.0.1"), 20_000 + i), keys.Operator, change)));
        }

        for (var i = 0; i < 10; i++)
        {
            var (tx, keys) = registered[(i * 7) + 3];
            changes.Add(generator.CreateFundedTransaction((coin, fee, change) => ProviderTransactionBuilder.Revoke(coin, fee, tx.TxId, 1, keys.Operator, change)));
            var (spent, spentKeys) = registered[(i * 7) + 5];
            var collateral = new Coin(spent.Outputs[0], 0, false);
            changes.Add(TransactionSigner.Sign(new Transaction(1, [new TxIn(new OutPoint(spent.TxId, 0), [])], [new TxOut(collateral.Output.Value - 10_000, spentKeys.Owner.ScriptPubKey)], 0), [collateral], [spentKeys.Owner]));
        }

        Add(generator.AddBlock(changes));
        Add(generator.AddBlock([.. generator.CreateRegistrations(50).Select(r => r.Tx)]));
        Add(generator.AddBlock([]));
        Assert.True(B.ProcessHeaders([.. generator.Blocks.Take(2_000).Select(b => b.Header)]).IsAccepted);
        Tip = generator.Height;
        Assert.Equal(1_040, A.GetMasternodeInfo(false).Count);
    }

    /// <summary>The full node.</summary>
    public ChainService A { get; }

    /// <summary>The node that holds only headers.</summary>
    public ChainService B { get; }

    /// <summary>The list root after each height, as the generator computed it.</summary>
    public Dictionary<int, Hash256> Roots { get; } = [];

    public int Tip { get; }

    /// <summary>The hash of A's active block at <paramref name="height"/>.</summary>
    public Hash256 HashAt(int height) => A.GetActiveHeader(height)!.Hash;

    /// <summary>B's header of <paramref name="hash"/> and its height.</summary>
    public (BlockHeader Header, int Height) HeaderAt(Hash256 hash)
    {
        Assert.True(B.TryGetHeader(hash, out var header, out var height, out _));
        return (header, height);
    }

    /// <summary>Sends <paramref name="message"/> through the codec, as a peer would receive it.</summary>
    public static T OverTheWire<T>(T message)
        where T : IMasternodeMessage
    {
        var writer = new ArrayBufferWriter<byte>();
        MasternodeMessageCodec.Write(message, writer);
        return Assert.IsType<T>(MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(writer.WrittenMemory)));
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
