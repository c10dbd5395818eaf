using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Service;

namespace RustyNode.Protocols.Masternode.Tests.Testing;

/// <summary>A regtest chain in a temporary directory, deleted on dispose.</summary>
public sealed class TempChain : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rustynode-mn-node-" + Guid.NewGuid().ToString("N"));

    public TempChain(TimeProvider? time = null)
    {
        Chain = ChainService.Open(_root, ChainParameters.Regtest, options: time is null ? null : new ChainServiceOptions { Time = time });
    }

    public ChainService Chain { get; }

    /// <summary>Gives the chain the headers of <paramref name="source"/>'s active blocks <paramref name="from"/> to <paramref name="to"/> (headers only).</summary>
    public void TakeHeaders(ChainService source, int from, int to)
    {
        for (var start = from; start <= to; start += 2_000)
        {
            var headers = Enumerable.Range(start, Math.Min(2_000, to - start + 1)).Select(h => source.GetActiveHeader(h)!).ToList();
            var result = Chain.ProcessHeaders(headers);
            Assert.True(result.IsAccepted, result.ToString());
        }
    }

    public void Dispose()
    {
        Chain.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
