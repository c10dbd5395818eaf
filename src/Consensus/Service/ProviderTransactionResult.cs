namespace RustyNode.Consensus.Service;

/// <summary>Answer to the regtest masternode commands: the ids created (registrations) or the one txid (updates, revocations), or why not.</summary>
/// <param name="Accepted">True when every transaction entered the mempool.</param>
/// <param name="Ids">The proTxHashes of new registrations, or the one txid of an update or revocation; displayed hex.</param>
/// <param name="Reason">The reject reason's name (or a short explanation) when not accepted.</param>
public sealed record ProviderTransactionResult(bool Accepted, IReadOnlyList<string> Ids, string? Reason = null)
{
    public static ProviderTransactionResult Refused(string reason) => new(false, [], reason);
}
