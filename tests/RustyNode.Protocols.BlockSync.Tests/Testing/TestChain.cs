using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Service;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>A regtest chain service in a temporary data dir, deleted on dispose.</summary>
internal sealed class TestChain : IDisposable
{
    public TestChain()
    {
        DataDir = Path.Combine(Path.GetTempPath(), "rustynode-blocksync-" + Guid.NewGuid().ToString("N"));
        Service = ChainService.Open(DataDir, ChainParameters.Regtest, null, new ChainServiceOptions());
    }

    public string DataDir { get; }

    public ChainService Service { get; }

    /// <summary>A chain service holding <paramref name="blocks"/> (each accepted).</summary>
    public static TestChain With(IEnumerable<Block> blocks)
    {
        var chain = new TestChain();
        chain.Add(blocks);
        return chain;
    }

    /// <summary>Processes <paramref name="blocks"/>, asserting each is accepted.</summary>
    public void Add(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            var result = Service.ProcessBlock(block);
            Assert.True(result.IsAccepted, $"block {block.Hash}: {result}");
        }
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
