using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mempool;

/// <summary>Result of offering a transaction to the mempool.</summary>
/// <param name="TxId">The transaction's id.</param>
/// <param name="Result">Accepted, or why not (<see cref="RejectReason.Orphan"/>: kept until its parents arrive).</param>
/// <param name="AcceptedOrphans">Orphans accepted because this transaction supplied their parents.</param>
public sealed record MempoolAcceptResult(Hash256 TxId, ValidationResult Result, IReadOnlyList<Hash256> AcceptedOrphans)
{
    public bool IsAccepted => Result.IsAccepted;

    /// <summary>For an orphan: the ids of the transactions whose outputs it spends and that neither the chain nor the mempool has.</summary>
    public IReadOnlyList<Hash256> MissingParents { get; init; } = [];
}
