using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Service;

/// <summary>Well-known regtest keys. Public on purpose: regtest coins have no value.</summary>
public static class RegtestKeys
{
    /// <summary>The default payee of regtest "generate": SHA-256 of "rusty-regtest-miner".</summary>
    public static PrivateKey Miner { get; } = PrivateKey.FromSeed("rusty-regtest-miner");
}
