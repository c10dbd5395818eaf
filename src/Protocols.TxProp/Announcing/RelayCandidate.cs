using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Announcing;

/// <summary>A mempool transaction waiting to be announced, with what orders it (TX-3.4).</summary>
/// <param name="TxId">The transaction.</param>
/// <param name="FeeRatePerKb">Its fee per 1,000 bytes.</param>
/// <param name="Depth">1 + the depth of its deepest in-mempool parent (1 when it spends only confirmed coins).</param>
/// <param name="Sequence">Order of acceptance into the mempool.</param>
public readonly record struct RelayCandidate(Hash256 TxId, long FeeRatePerKb, int Depth, long Sequence)
{
    /// <summary>Announcement order: shallower first (parents before children), then higher fee rate, then older.</summary>
    public static int Compare(RelayCandidate x, RelayCandidate y)
    {
        var byDepth = x.Depth.CompareTo(y.Depth);
        if (byDepth != 0)
        {
            return byDepth;
        }

        var byFee = y.FeeRatePerKb.CompareTo(x.FeeRatePerKb);
        return byFee != 0 ? byFee : x.Sequence.CompareTo(y.Sequence);
    }
}
