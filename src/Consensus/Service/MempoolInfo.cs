namespace RustyNode.Consensus.Service;

/// <summary>Answer to <c>{"type":"mempool"}</c>.</summary>
/// <param name="Count">Transactions in the mempool.</param>
/// <param name="Bytes">Their total serialized size.</param>
/// <param name="TxIds">Their ids, arrival order.</param>
/// <param name="Orphans">Orphans held.</param>
public sealed record MempoolInfo(int Count, long Bytes, IReadOnlyList<string> TxIds, int Orphans);
