using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Storage;

namespace RustyNode.Bench.Consensus;

/// <summary>
/// Shared benchmark data: a regtest chain of 101 blocks, a fan-out block that splits a mature
/// coinbase into 1,000 coins, and a block of 1,000 signed transactions spending them.
/// </summary>
internal sealed class ConsensusFixture
{
    public const int Transactions = 1_000;

    public ConsensusFixture()
    {
        var generator = new ChainGenerator(ChainParameters.Regtest, Secp256k1.Native ?? Secp256k1.Managed, "bench");
        Prefix = [.. generator.Build(101)];
        var fanOut = generator.CreateSpend([generator.Spendable[0]], Transactions, 100_000);
        Prefix.Add(generator.AddBlock([fanOut]));
        var coins = generator.Spendable.Where(c => c.OutPoint.TxId == fanOut.TxId).ToList();
        Spends = [.. coins.Select(c => generator.CreateSpend([c], 1, 1_000))];
        BigBlock = generator.AddBlock(Spends);
        SpentCoins = [.. coins.Select(c => c.Coin)];
    }

    /// <summary>Blocks 1 to 102 (the last is the fan-out).</summary>
    public List<Block> Prefix { get; }

    /// <summary>1,000 one-input transactions spending the fan-out outputs.</summary>
    public Transaction[] Spends { get; }

    /// <summary>The coins <see cref="Spends"/> spend, in order.</summary>
    public Coin[] SpentCoins { get; }

    /// <summary>Block 103: coinbase plus <see cref="Spends"/>.</summary>
    public Block BigBlock { get; }

    /// <summary>Writes a store holding blocks 1 to 102 (1 to 101 without the fan-out) into <paramref name="dataDir"/>; returns the file.</summary>
    public string CreateTemplateStore(string dataDir, bool includeFanOut = true)
    {
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, "chain.sqlite");
        using var store = ChainStore.Open(path);
        var chain = new ChainManager(store, ChainParameters.Regtest, new BlockConnectOptions(), TimeProvider.System, NullLogger.Instance);
        foreach (var block in includeFanOut ? Prefix : Prefix[..^1])
        {
            if (!chain.ProcessBlock(block, out _).IsAccepted)
            {
                throw new InvalidOperationException("fixture block refused");
            }
        }

        return path;
    }
}
