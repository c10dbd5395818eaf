namespace RustyNode.Consensus.Service;

/// <summary>Answer to <c>{"type":"make_txs","count":N}</c>.</summary>
/// <param name="Accepted">False when refused (not regtest, bad count, too few coins) or a built transaction was rejected.</param>
/// <param name="TxIds">Ids of the transactions made and accepted into the mempool, parents first.</param>
/// <param name="Reason">Why not, when not accepted.</param>
public sealed record MakeTxsResult(bool Accepted, IReadOnlyList<string> TxIds, string? Reason = null);
