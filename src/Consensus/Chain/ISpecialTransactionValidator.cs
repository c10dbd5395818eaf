using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>
/// Validates the payload of special transactions (CHAIN-3.6). The masternode issue supplies one;
/// until then <see cref="InactiveSpecialTransactions"/> refuses every special type.
/// </summary>
public interface ISpecialTransactionValidator
{
    /// <summary>None when the special transaction is acceptable at <paramref name="height"/>.</summary>
    RejectReason Check(Transaction tx, int height);
}
