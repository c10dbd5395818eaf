using System.Numerics;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>What the index knows of one header (for the sync protocols).</summary>
/// <param name="Header">The header.</param>
/// <param name="Height">Its height.</param>
/// <param name="ChainWork">Total work of the chain ending with it (CHAIN-4.5).</param>
/// <param name="HasData">True when its block is stored.</param>
/// <param name="IsInvalid">True when it or an ancestor failed validation.</param>
/// <param name="IsActive">True when it is on the active chain.</param>
public sealed record HeaderInfo(BlockHeader Header, int Height, BigInteger ChainWork, bool HasData, bool IsInvalid, bool IsActive)
{
    /// <summary>The header's hash.</summary>
    public Hash256 Hash => Header.Hash;
}
