using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Service;

/// <summary>Raised after transactions entered the mempool (outside the service's lock), for relay.</summary>
public sealed class TransactionsAcceptedEventArgs(IReadOnlyList<Transaction> transactions, IReadOnlyList<long> fees) : EventArgs
{
    /// <summary>The accepted transactions, parents first (an accepted transaction and the orphans it released).</summary>
    public IReadOnlyList<Transaction> Transactions { get; } = transactions;

    /// <summary>
    /// The fee each of <see cref="Transactions"/> pays, at the same index, read when it entered: relay
    /// orders announcements by fee rate without asking the mempool again for each transaction.
    /// </summary>
    public IReadOnlyList<long> Fees { get; } = fees;
}
