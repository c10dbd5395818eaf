namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>What the list sync did since start (MN-11.1).</summary>
/// <param name="View">The list the node holds now.</param>
/// <param name="LastFull">The last full-list sync, or null.</param>
/// <param name="LastDiff">The last diff sync, or null.</param>
/// <param name="FullSyncs">Full lists fetched and accepted.</param>
/// <param name="DiffSyncs">Diffs fetched and accepted.</param>
/// <param name="Refused">Chunks and diffs refused by MN-2.3 or MN-3.3 (their peers were reported).</param>
/// <param name="FailedRequests">Requests that got no usable answer (refusals, timeouts, lost connections, malformed responses).</param>
/// <param name="CrossChecks">Lists fetched from peers that the node's own chain later computed for the same block.</param>
/// <param name="CrossCheckMismatches">Of those, how many disagreed (never expected: each was checked against the same commitment).</param>
public sealed record MasternodeSyncStats(
    MasternodeView View,
    MasternodeSyncRecord? LastFull,
    MasternodeSyncRecord? LastDiff,
    long FullSyncs,
    long DiffSyncs,
    long Refused,
    long FailedRequests,
    long CrossChecks,
    long CrossCheckMismatches);
