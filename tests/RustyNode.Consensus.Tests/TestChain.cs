using Microsoft.Extensions.Time.Testing;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.Tests;

/// <summary>A regtest chain service in a temporary data dir, with a generator and a settable clock.</summary>
internal sealed class TestChain : IDisposable
{
    public TestChain(ISecp256k1? backend = null, MempoolOptions? mempool = null, string? dataDir = null)
    {
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "rustynode-consensus-" + Guid.NewGuid().ToString("N"));
        Backend = backend ?? Secp256k1.Default;
        Mempool = mempool ?? new MempoolOptions();
        Service = Open();
        Generator = new ChainGenerator(ChainParameters.Regtest, Backend);
    }

    public string DataDir { get; }

    public ISecp256k1 Backend { get; }

    public MempoolOptions Mempool { get; }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_767_225_602 + 86_400));

    public ChainService Service { get; private set; }

    public ChainGenerator Generator { get; }

    public ChainService Open() => ChainService.Open(DataDir, ChainParameters.Regtest, null, new ChainServiceOptions
    {
        Time = Clock,
        Mempool = Mempool,
        Connect = new BlockConnectOptions { Backend = Backend },
    });

    public void Reopen()
    {
        Service.Dispose();
        Service = Open();
    }

    /// <summary>Generates and submits <paramref name="count"/> blocks; asserts each is accepted.</summary>
    public void Extend(int count, int spendsPerBlock = 0)
    {
        foreach (var block in Generator.Build(count, spendsPerBlock))
        {
            var result = Service.ProcessBlock(block);
            Assert.True(result.IsAccepted, result.ToString());
        }
    }

    /// <summary>
    /// Mines a block whose one transaction splits the first mature coin into <paramref name="outputs"/>
    /// small coins, and returns them (spendable now, confirmed).
    /// </summary>
    public List<WalletCoin> FanOut(int outputs)
    {
        var fanOut = Generator.CreateSpend([Generator.Spendable[0]], outputs, 10_000);
        var result = Service.ProcessBlock(Generator.AddBlock([fanOut]));
        Assert.True(result.IsAccepted, result.ToString());
        return [.. Generator.Spendable.Where(c => c.OutPoint.TxId == fanOut.TxId)];
    }

    public void Dispose()
    {
        Service.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
