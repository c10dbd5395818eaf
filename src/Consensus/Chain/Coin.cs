using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>An unspent output with the height of the block that created it and whether a coinbase did.</summary>
/// <param name="Output">The output itself.</param>
/// <param name="Height">Height of the creating block (mempool outputs: the next block's height).</param>
/// <param name="IsCoinbase">True when created by a coinbase (subject to maturity).</param>
public readonly record struct Coin(TxOut Output, int Height, bool IsCoinbase);
