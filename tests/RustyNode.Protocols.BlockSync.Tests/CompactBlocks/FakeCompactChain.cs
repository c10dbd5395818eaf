using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

/// <summary>An <see cref="ICompactChain"/> with a settable mempool, header verdict and block store.</summary>
internal sealed class FakeCompactChain : ICompactChain
{
    public List<Transaction> Mempool { get; } = [];

    public HeaderVerdict Verdict { get; set; } = HeaderVerdict.Extends;

    public Dictionary<Hash256, Block> Blocks { get; } = [];

    public int HeaderChecks { get; private set; }

    public HeaderVerdict CheckHeader(BlockHeader header)
    {
        HeaderChecks++;
        return Verdict;
    }

    public IReadOnlyList<Transaction> MempoolTransactions() => [.. Mempool];

    public Block? GetBlock(Hash256 hash) => Blocks.GetValueOrDefault(hash);
}
