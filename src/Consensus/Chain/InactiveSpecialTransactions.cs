using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>The default: special transaction types are reserved but not active yet.</summary>
public sealed class InactiveSpecialTransactions : ISpecialTransactionValidator
{
    public static InactiveSpecialTransactions Instance { get; } = new();

    public RejectReason Check(Transaction tx, int height) => RejectReason.SpecialTransactionNotActive;
}
