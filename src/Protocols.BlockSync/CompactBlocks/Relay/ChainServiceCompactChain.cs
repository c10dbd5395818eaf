using RustyNode.Consensus;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary><see cref="ICompactChain"/> over the node's <see cref="ChainService"/>.</summary>
public sealed class ChainServiceCompactChain(ChainService chain) : ICompactChain
{
    private readonly ChainService _chain = chain ?? throw new ArgumentNullException(nameof(chain));

    public HeaderVerdict CheckHeader(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (_chain.TryGetHeader(header.Hash, out _, out _, out var active) && active)
        {
            return HeaderVerdict.Known;
        }

        var result = _chain.ProcessHeader(header);
        if (!result.IsAccepted && result.Reason is not RejectReason.Duplicate)
        {
            return result.Reason is RejectReason.BadProofOfWork or RejectReason.BadDifficulty or RejectReason.KnownInvalid ? HeaderVerdict.Invalid : HeaderVerdict.NotNext;
        }

        return _chain.Tip.Hash == header.PreviousHash ? HeaderVerdict.Extends : HeaderVerdict.NotNext;
    }

    public IReadOnlyList<Transaction> MempoolTransactions() => _chain.GetMempoolTransactions();

    public Block? GetBlock(Hash256 hash) => _chain.GetBlock(hash);
}
