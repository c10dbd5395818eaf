namespace RustyNode.Network.PubSub;

/// <summary>
/// Hard bounds on what a peer can make the pubsub router read, keep or do, whatever it sends
/// (specs/network/18-pubsub.md, PS-2 and PS-7). Each is checked before the memory it guards is
/// allocated. Tunable behaviour lives in <see cref="PubSubOptions"/>.
/// </summary>
public static class PubSubLimits
{
    /// <summary>Largest RPC frame we read (its length prefix is checked first): 4 MiB, js-libp2p's own inbound limit.</summary>
    public const int MaxRpcSize = 4 * 1024 * 1024;

    /// <summary>Largest <see cref="PubSubOptions.MaxMessageSize"/> a node may be configured with.</summary>
    public const int MaxConfigurableMessageSize = 2 * 1024 * 1024;

    /// <summary>Longest topic name, in UTF-8 bytes.</summary>
    public const int MaxTopicLength = 1024;

    /// <summary>Longest message id we accept in IHAVE, IWANT or IDONTWANT.</summary>
    public const int MaxMessageIdLength = 256;

    /// <summary>Longest author (from), seqno, signature or key field of a message.</summary>
    public const int MaxMessageFieldLength = 1024;

    /// <summary>Subscription changes in one RPC.</summary>
    public const int MaxSubscriptionsPerRpc = 1000;

    /// <summary>Messages in one RPC.</summary>
    public const int MaxMessagesPerRpc = 5000;

    /// <summary>Control entries (IHAVE, IWANT, GRAFT, PRUNE, IDONTWANT) in one RPC.</summary>
    public const int MaxControlEntriesPerRpc = 5000;

    /// <summary>Message ids in one RPC, over all its control entries.</summary>
    public const int MaxMessageIdsPerRpc = 20_000;

    /// <summary>Peer exchange entries in one PRUNE.</summary>
    public const int MaxPeerExchangePerPrune = 64;

    /// <summary>Longest signed peer record in a peer exchange entry.</summary>
    public const int MaxSignedPeerRecordLength = 8 * 1024;

    /// <summary>Topics one peer may be subscribed to in our view; further subscriptions are ignored.</summary>
    public const int MaxTopicsPerPeer = 1000;

    /// <summary>Bytes queued for one peer; beyond it, messages for the peer are dropped (and counted).</summary>
    public const int MaxQueuedBytesPerPeer = 32 * 1024 * 1024;

    /// <summary>Control entries and subscription changes queued for one peer; beyond it, new ones are dropped.</summary>
    public const int MaxQueuedControlPerPeer = 2000;

    /// <summary>Most message ids in the seen cache; the oldest are forgotten first beyond it.</summary>
    public const int MaxSeenMessages = 1_000_000;

    /// <summary>Most messages held in the message cache (for IWANT); the oldest window goes first beyond it.</summary>
    public const int MaxCachedMessages = 200_000;

    /// <summary>Most peers whose scores are kept, connected or retained after a disconnect.</summary>
    public const int MaxScoredPeers = 10_000;

    /// <summary>Most message delivery records the scorer keeps (for P2, P3 and P4).</summary>
    public const int MaxDeliveryRecords = 500_000;

    /// <summary>Most IDONTWANT ids remembered per peer.</summary>
    public const int MaxDontWantPerPeer = 10_000;

    /// <summary>Most peers we dial at once because of peer exchange.</summary>
    public const int MaxPendingPeerExchangeDials = 16;
}
