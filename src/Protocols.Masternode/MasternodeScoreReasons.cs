using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Protocols.Masternode;

/// <summary>What the masternode protocol reports to peer scoring, with weights (MN-8).</summary>
public static class MasternodeScoreReasons
{
    /// <summary>A frame or message that breaks MN-1, MN-5 or RR framing, a response of the wrong type (MN-8.1).</summary>
    public const string MalformedMessage = "masternode malformed message";

    public const double MalformedMessageWeight = -20;

    /// <summary>A chunk or diff that answers something else than asked, or does not fit the chunking (MN-8.2).</summary>
    public const string MismatchedResponse = "masternode mismatched response";

    public const double MismatchedResponseWeight = -20;

    /// <summary>A chunk or diff whose proof or content contradicts the header's commitment (MN-8.2).</summary>
    public const string ForgedList = "masternode forged list";

    public const double ForgedListWeight = -50;

    /// <summary>A PoSe response to our challenge with the wrong hashes or a signature that does not verify (MN-10.3).</summary>
    public const string BadPoSeResponse = "masternode bad pose response";

    public const double BadPoSeResponseWeight = -20;

    /// <summary>An update on the pubsub topic that is malformed or rejected by MN-9.1 (forged signature, unlisted masternode, far future) (MN-9.3).</summary>
    public const string BadUpdate = "masternode bad update";

    public const double BadUpdateWeight = -10;

    /// <summary>The reason and weight a refused chunk or diff is reported with (MN-8.2).</summary>
    public static (string Reason, double Weight) For(MasternodeSyncFailure failure) => failure switch
    {
        MasternodeSyncFailure.WrongBlock or MasternodeSyncFailure.ChunkMismatch => (MismatchedResponse, MismatchedResponseWeight),
        MasternodeSyncFailure.NotACoinbase
        or MasternodeSyncFailure.WrongHeight
        or MasternodeSyncFailure.BadMerkleBranch
        or MasternodeSyncFailure.NoCommitment
        or MasternodeSyncFailure.Unordered
        or MasternodeSyncFailure.InconsistentDiff
        or MasternodeSyncFailure.CommitmentMismatch => (ForgedList, ForgedListWeight),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, "not a failure"),
    };
}
