using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>Regtest chains shared by tests (generated once; each test stores them in its own data dirs).</summary>
internal static class Chains
{
    private static readonly Lazy<IReadOnlyList<Block>> LongChain = new(() => new ChainGenerator(ChainParameters.Regtest, null, "long").Build(4_500));

    /// <summary>4,500 coinbase-only blocks: more than two full Headers replies.</summary>
    public static IReadOnlyList<Block> Long => LongChain.Value;

    /// <summary>A fresh generator (deterministic per seed).</summary>
    public static ChainGenerator Generator(string seed) => new(ChainParameters.Regtest, null, seed);
}
