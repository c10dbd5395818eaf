using RustyNode.Consensus;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp;

/// <summary>
/// Every hostile-peer limit of transaction relay (specs/protocols/02-tx-relay.md, TX), checked
/// before anything is allocated for the input it bounds.
/// </summary>
public static class TxPropLimits
{
    /// <summary>Most transaction ids in one Inv (TX-2.1).</summary>
    public const int MaxInvIds = 50_000;

    /// <summary>Most transaction ids in one GetData (TX-2.2).</summary>
    public const int MaxGetDataIds = 1_000;

    /// <summary>Most transaction ids in one NotFound (TX-2.4): never more than a GetData asked for.</summary>
    public const int MaxNotFoundIds = MaxGetDataIds;

    /// <summary>Size of a message code (TX-1.2).</summary>
    public const int CodeSize = 1;

    /// <summary>Largest varint count prefix written for an id list (50,000 needs 3 bytes).</summary>
    public const int MaxCountPrefixSize = 3;

    /// <summary>Largest message payload (code and body) accepted (TX-1.2): a full Inv.</summary>
    public const int MaxMessageSize = CodeSize + MaxCountPrefixSize + (MaxInvIds * Hash256.Size);

    /// <summary>Largest transaction carried by one TxData (TX-2.3): the consensus limit.</summary>
    public const int MaxTransactionSize = ChainLimits.MaxTransactionSize;

    /// <summary>Announcements tracked per peer (TX-4.5); the peer's stream is read no further while at it (TX-4.6).</summary>
    public const int MaxTrackedAnnouncementsPerPeer = 5_000;

    /// <summary>Requests in flight to one peer (TX-4.5).</summary>
    public const int MaxInFlightPerPeer = 100;

    /// <summary>Request streams one peer may have open to us at once (TX-1.3): one, and a second while the first is torn down.</summary>
    public const int MaxConcurrentInboundRequestsPerPeer = 2;

    /// <summary>Announcement streams one peer may have open to us at once (TX-1.3).</summary>
    public const int MaxAnnouncementStreamsPerPeer = 2;

    /// <summary>Transaction ids remembered per peer as known to it (TX-3.3).</summary>
    public const int KnownInventoryCapacity = 50_000;

    /// <summary>Transactions queued for announcement to one peer; beyond it new ones are not announced to that peer (TX-3.4).</summary>
    public const int MaxQueuedAnnouncementsPerPeer = 100_000;

    /// <summary>Transaction ids remembered per peer as served to it (TX-5.2).</summary>
    public const int ServedMemoryPerPeer = 50_000;

    /// <summary>
    /// Transaction ids remembered per peer as sent by it but never validated, because validation
    /// failed (TX-4.4): it is not asked for them again. More than one failed stream holds read ahead.
    /// </summary>
    public const int AbandonedMemoryPerPeer = 5_000;

    /// <summary>Recently rejected transaction ids not requested again (TX-4.7).</summary>
    public const int RecentRejectsCapacity = 50_000;

    /// <summary>Inv messages per second a peer may send before each further one scores as a flood (TX-7.4).</summary>
    public const double InvMessagesPerSecond = 1;

    /// <summary>Burst of Inv messages allowed before the flood rate applies (TX-7.4).</summary>
    public const double InvMessageBurst = 10;
}
