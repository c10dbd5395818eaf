using System.Threading.Channels;
using RustyNode.Network.Identity;
using RustyNode.Protocols.TxProp.Announcing;
using RustyNode.Protocols.TxProp.Messages;

namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>Relay state of one connected peer. Fields other than the counters are guarded by the behaviour's lock.</summary>
internal sealed class RelayPeer
{
    public RelayPeer(PeerId id, bool outbound, DateTimeOffset firstTrickle)
    {
        Id = id;
        Outbound = outbound;
        NextTrickle = firstTrickle;
    }

    public PeerId Id { get; }

    /// <summary>We dialed it: preferred for requests (TX-4.2), own trickle timer (TX-3.2).</summary>
    public bool Outbound { get; }

    public PeerAnnouncer Announcer { get; } = new();

    public TxRelayCounters Counters { get; } = new();

    /// <summary>Ends the peer's loops when it disconnects.</summary>
    public CancellationTokenSource Lifetime { get; } = new();

    /// <summary>Inv batches for the sender loop; one at a time, so a peer that reads slowly holds back only its own trickles.</summary>
    public Channel<TxMessage> Outgoing { get; } = Channel.CreateBounded<TxMessage>(new BoundedChannelOptions(1) { SingleReader = true });

    /// <summary>Our announcement stream to it is open (false until then, and for peers without the protocol).</summary>
    public bool CanAnnounce { get; set; }

    /// <summary>An Inv is waiting in <see cref="Outgoing"/> or being written.</summary>
    public bool InvPending { get; set; }

    /// <summary>When its own trickle timer fires (outbound peers).</summary>
    public DateTimeOffset NextTrickle { get; set; }

    /// <summary>
    /// Relay sequence before which every accepted transaction was announced to it or withheld by its
    /// fee filter: at each trickle, the oldest transaction still queued for it, or the next sequence
    /// when none is (TX-5.1). Nothing before the first trickle.
    /// </summary>
    public long AnnouncedBefore { get; set; }

    /// <summary>GetData messages we asked of it and it has not fully answered (at most two, TX-4.5).</summary>
    public int ActiveRequests => Requests?.Outstanding.Count ?? 0;

    /// <summary>Our request stream to it, while one is open or opening (TX-1.1).</summary>
    public RequestStream? Requests { get; set; }

    /// <summary>Transactions we served it lately: serving one again is charged to its budget (TX-5.2).</summary>
    public RollingTxIdFilter Served { get; } = new(TxPropLimits.ServedMemoryPerPeer);

    /// <summary>Transactions it sent us that were never validated, as validation failed: never asked of it again (TX-4.4).</summary>
    public RollingTxIdFilter Abandoned { get; } = new(TxPropLimits.AbandonedMemoryPerPeer);

    /// <summary>Its announcement streams to us now (TX-1.3).</summary>
    public int AnnouncementStreams { get; set; }

    /// <summary>Its request streams to us now (TX-1.3).</summary>
    public int InboundRequests { get; set; }

    /// <summary>Completed when the scheduler has room for its announcements again (TX-4.6).</summary>
    public TaskCompletionSource? RoomWaiter { get; set; }

    /// <summary>Inv flood bucket (TX-7.4): tokens and when they were last topped up.</summary>
    public double InvTokens { get; set; } = TxPropLimits.InvMessageBurst;

    public DateTimeOffset InvTokensAt { get; set; }
}
