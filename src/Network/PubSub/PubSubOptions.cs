using RustyNode.Network.PubSub.Scoring;

namespace RustyNode.Network.PubSub;

/// <summary>
/// Settings of the pubsub router (specs/network/18-pubsub.md PS-8, specs/network/19-gossipsub.md
/// GS-2). Defaults live here and only here; they are the spec's.
/// </summary>
public sealed class PubSubOptions
{
    /// <summary>Gossipsub or floodsub. Default gossipsub.</summary>
    public PubSubRouterKind Router { get; set; } = PubSubRouterKind.Gossipsub;

    /// <summary>Signature policy for topics that set none. Default StrictSign.</summary>
    public SignaturePolicy SignaturePolicy { get; set; } = SignaturePolicy.StrictSign;

    /// <summary>Message id function for topics that set none; null picks the policy's default (PS-4.2).</summary>
    public MessageIdFunction? MessageId { get; set; }

    /// <summary>Largest encoded message for topics that set none. Default 1 MiB.</summary>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>How long a message id is remembered as seen. Default 2 min.</summary>
    public TimeSpan SeenTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for a topic validator; the message is ignored after it. Default 10 s.</summary>
    public TimeSpan ValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>D: desired mesh degree. Default 6.</summary>
    public int D { get; set; } = 6;

    /// <summary>D_lo: fewer mesh peers than this triggers grafting. Default 4.</summary>
    public int DLow { get; set; } = 4;

    /// <summary>D_hi: more mesh peers than this triggers pruning. Default 12.</summary>
    public int DHigh { get; set; } = 12;

    /// <summary>D_score: mesh peers kept by score when pruning. Default 4.</summary>
    public int DScore { get; set; } = 4;

    /// <summary>D_out: outbound connections kept in the mesh. Default 2.</summary>
    public int DOut { get; set; } = 2;

    /// <summary>D_lazy: least peers that get gossip. Default 6.</summary>
    public int DLazy { get; set; } = 6;

    /// <summary>Share of eligible peers that get gossip (at least D_lazy). Default 0.25.</summary>
    public double GossipFactor { get; set; } = 0.25;

    /// <summary>Time between heartbeats. Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time to the first heartbeat. Default 100 ms.</summary>
    public TimeSpan HeartbeatInitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long fanout state of a topic we publish to but are not subscribed to lives. Default 60 s.</summary>
    public TimeSpan FanoutTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>mcache_len: heartbeats a message stays in the message cache. Default 5.</summary>
    public int HistoryLength { get; set; } = 5;

    /// <summary>mcache_gossip: heartbeats of messages named in gossip. Default 3.</summary>
    public int HistoryGossip { get; set; } = 3;

    /// <summary>Times one peer's IWANT for one message is answered. Default 3.</summary>
    public int GossipRetransmission { get; set; } = 3;

    /// <summary>Publish our own messages to every topic peer above the publish threshold. Default true.</summary>
    public bool FloodPublish { get; set; } = true;

    /// <summary>Backoff after a PRUNE. Default 1 min.</summary>
    public TimeSpan PruneBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Backoff after leaving a topic. Default 10 s.</summary>
    public TimeSpan UnsubscribeBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A GRAFT this soon after our PRUNE counts double as a behaviour penalty. Default 10 s.</summary>
    public TimeSpan GraftFloodThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Send peer exchange in PRUNEs for oversubscription. Default false (as js- and go-libp2p).</summary>
    public bool PeerExchange { get; set; }

    /// <summary>Peers named in a peer exchange. Default 16.</summary>
    public int PrunePeers { get; set; } = 16;

    /// <summary>Most message ids we accept in IHAVEs of one peer per heartbeat (and ask for). Default 5000.</summary>
    public int MaxIHaveLength { get; set; } = 5000;

    /// <summary>Most IHAVE messages of one peer we consider per heartbeat. Default 10.</summary>
    public int MaxIHaveMessages { get; set; } = 10;

    /// <summary>Time a peer has to deliver a message it announced and we asked for. Default 3 s.</summary>
    public TimeSpan IWantFollowupTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Heartbeats between opportunistic grafts. Default 60.</summary>
    public int OpportunisticGraftTicks { get; set; } = 60;

    /// <summary>Peers grafted opportunistically. Default 2.</summary>
    public int OpportunisticGraftPeers { get; set; } = 2;

    /// <summary>Messages with at least this much data get an IDONTWANT to mesh peers (v1.2). Default 1 KiB.</summary>
    public int IDontWantMessageThreshold { get; set; } = 1024;

    /// <summary>Most IDONTWANT ids of one peer we heed per heartbeat. Default 1000.</summary>
    public int MaxIDontWantMessages { get; set; } = 1000;

    /// <summary>Queued bytes to one peer above which a local publish waits for its writer. Default 1 MiB.</summary>
    public int PublishBacklogBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest a local publish waits for backlogged peers. Default 5 s.</summary>
    public TimeSpan PublishBacklogTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Messages buffered per local subscription; older ones are dropped beyond it. Default 10 000.</summary>
    public int SubscriptionBufferSize { get; set; } = 10_000;

    /// <summary>Largest RPC the writer builds from a backlog. Default 512 KiB.</summary>
    public int MaxBatchSize { get; set; } = 512 * 1024;

    /// <summary>
    /// Least time between two frames to one peer; what is queued meanwhile rides in the next frame,
    /// so a busy link sends at most 50 frames a second and stays within a peer's default message
    /// budget (PROT-2). Default 20 ms.
    /// </summary>
    public TimeSpan MinFrameInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Peer-wide score parameters.</summary>
    public PeerScoreParameters Score { get; set; } = new();

    /// <summary>Score thresholds.</summary>
    public PeerScoreThresholds Thresholds { get; set; } = new();

    /// <summary>Score parameters of topics registered without their own; null makes such topics not count.</summary>
    public TopicScoreParameters? DefaultTopicScore { get; set; } = new();

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (D < 0 || DLow < 0 || DLow > D || DHigh < D || DScore < 0 || DScore > DHigh || DLazy < 0)
        {
            throw new ArgumentException("Mesh degrees must satisfy 0 <= D_lo <= D <= D_hi, 0 <= D_score <= D_hi and D_lazy >= 0.");
        }

        if (DOut < 0 || (DOut > 0 && (DOut >= DLow || DOut > D / 2)))
        {
            throw new ArgumentException("D_out must be below D_lo and at most D/2.");
        }

        if (GossipFactor is < 0 or > 1 || HistoryLength < 1 || HistoryGossip < 1 || HistoryGossip > HistoryLength || GossipRetransmission < 1)
        {
            throw new ArgumentException("GossipFactor must be in [0, 1], 1 <= HistoryGossip <= HistoryLength, GossipRetransmission >= 1.");
        }

        if (HeartbeatInterval < TimeSpan.FromMilliseconds(10) || HeartbeatInitialDelay < TimeSpan.Zero || FanoutTtl <= TimeSpan.Zero
            || SeenTtl <= TimeSpan.Zero || ValidationTimeout <= TimeSpan.Zero || PruneBackoff <= TimeSpan.Zero
            || UnsubscribeBackoff <= TimeSpan.Zero || IWantFollowupTime <= TimeSpan.Zero || PublishBacklogTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException("Durations must be positive (the heartbeat at least 10 ms).");
        }

        if (MaxMessageSize < 64 || MaxMessageSize > PubSubLimits.MaxConfigurableMessageSize)
        {
            throw new ArgumentException($"MaxMessageSize must be between 64 and {PubSubLimits.MaxConfigurableMessageSize}.");
        }

        if (MaxIHaveLength is < 1 or > 5000 || MaxIHaveMessages < 1 || PrunePeers is < 0 or > PubSubLimits.MaxPeerExchangePerPrune
            || OpportunisticGraftTicks < 1 || OpportunisticGraftPeers < 0 || IDontWantMessageThreshold < 0 || MaxIDontWantMessages < 0)
        {
            throw new ArgumentException("Gossip limits out of range (MaxIHaveLength 1..5000, PrunePeers 0..64).");
        }

        if (PublishBacklogBytes < 1024 || SubscriptionBufferSize < 1 || MaxBatchSize < 1024 || MaxBatchSize > PubSubLimits.MaxRpcSize / 2)
        {
            throw new ArgumentException("PublishBacklogBytes and MaxBatchSize must be at least 1 KiB (MaxBatchSize at most half of MaxRpcSize).");
        }

        if (MinFrameInterval < TimeSpan.Zero || MinFrameInterval > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("MinFrameInterval must be between 0 and 1 s.");
        }

        Score.Validate();
        Thresholds.Validate();
        DefaultTopicScore?.Validate();
    }
}
