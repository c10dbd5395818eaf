using RustyNode.Consensus;
using RustyNode.Consensus.Masternodes;

namespace RustyNode.Protocols.Masternode;

/// <summary>
/// Every hostile-peer limit of the masternode protocol (specs/protocols/04-masternode.md, MN-5), each
/// checked before anything sized by the input is allocated.
/// </summary>
public static class MasternodeLimits
{
    /// <summary>Largest request payload: the largest request is a PoSe challenge (97 bytes).</summary>
    public const int MaxRequestSize = 1024;

    /// <summary>Largest response payload.</summary>
    public const int MaxResponseSize = 4 * 1024 * 1024;

    /// <summary>Entries in one chunk of a full list; chunk i holds entries [i·E, (i+1)·E).</summary>
    public const int MaxEntriesPerChunk = 2_000;

    /// <summary>Largest list a node accepts (the commitment's count is checked against it first).</summary>
    public const int MaxListEntries = 100_000;

    /// <summary>Most chunks of one list.</summary>
    public const int MaxChunks = MaxListEntries / MaxEntriesPerChunk;

    /// <summary>Added plus updated entries in one diff; a larger change is fetched as a full list.</summary>
    public const int MaxDiffEntries = 5_000;

    /// <summary>Removed ids in one diff.</summary>
    public const int MaxDiffRemoved = 10_000;

    /// <summary>Largest coinbase carried with a list or diff (a transaction's own limit).</summary>
    public const int MaxCoinbaseSize = ChainLimits.MaxTransactionSize;

    /// <summary>Deepest coinbase merkle branch: a block holds at most 33,333 transactions, so 16 levels.</summary>
    public const int MaxMerkleBranch = 16;

    /// <summary>Largest signature in an update or PoSe response (strict DER).</summary>
    public const int MaxSignatureSize = MasternodeRuleLimits.MaxSignatureSize;

    /// <summary>Largest MasternodeUpdate message, code byte included.</summary>
    public const int MaxUpdateSize = 1 + 32 + 32 + 8 + 1 + 1 + MaxSignatureSize;

    /// <summary>Largest pubsub message (encoded, with author, seqno, signature and key) on the updates topic (MN-9.1).</summary>
    public const int MaxUpdateGossipMessage = 1024;

    /// <summary>An update names a block at most this many blocks below the best header (MN-9.1).</summary>
    public const int MaxUpdateBlockAge = 24;

    /// <summary>An update's timestamp is at most this far ahead of the local clock (MN-9.1).</summary>
    public static readonly TimeSpan MaxUpdateClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>Updates accepted per masternode per second: one a minute (MN-9.2).</summary>
    public const double UpdatesPerSecond = 1.0 / 60;

    /// <summary>Updates of one masternode accepted back to back after a quiet spell (MN-9.2).</summary>
    public const double UpdateBurst = 2;

    /// <summary>PoSe challenges running at once (MN-10.2): the rest of a block's picks wait.</summary>
    public const int MaxConcurrentChallenges = 16;

    /// <summary>Lists kept for header reorganisations and as diff bases (MN-7.3).</summary>
    public const int RetainedLists = 8;
}
