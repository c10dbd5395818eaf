using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Chain;

/// <summary>A read-only view of unspent outputs (the stored UTXO set, possibly with overlays).</summary>
public interface ICoinView
{
    /// <summary>The unspent output at <paramref name="outPoint"/>; false when it does not exist or is spent.</summary>
    bool TryGetCoin(in OutPoint outPoint, out Coin coin);
}
