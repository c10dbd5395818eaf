namespace RustyNode.Consensus.Service;

/// <summary>Answer to <c>{"type":"submit_tx","hex":...}</c>.</summary>
/// <param name="Accepted">True when the transaction entered the mempool.</param>
/// <param name="TxId">The txid, when the hex parsed.</param>
/// <param name="Reason">The <see cref="RejectReason"/> name when refused (e.g. "FeeTooLow", "Malformed", "Orphan").</param>
/// <param name="Detail">A human-readable explanation, or null.</param>
public sealed record SubmitTxResult(bool Accepted, string? TxId, string? Reason, string? Detail);
