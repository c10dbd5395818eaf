using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Service;

/// <summary>Raised after transactions entered the mempool (outside the service's lock), for relay.</summary>
public sealed class TransactionsAcceptedEventArgs(IReadOnlyList<Transaction> transactions) : EventArgs
{
    /// <summary>The accepted transactions, parents first (an accepted transaction and the orphans it released).</summary>
    public IReadOnlyList<Transaction> Transactions { get; } = transactions;
}
