using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Scheduling;

/// <summary>One peer's announcement of one transaction, as the scheduler tracks it.</summary>
internal sealed class Announcement<TPeer>
    where TPeer : notnull
{
    public Announcement(Hash256 txId, TPeer peer, bool preferred, DateTimeOffset requestTime, long sequence, ulong priority)
    {
        TxId = txId;
        Peer = peer;
        Preferred = preferred;
        RequestTime = requestTime;
        Sequence = sequence;
        Priority = priority;
    }

    public Hash256 TxId { get; }

    public TPeer Peer { get; }

    /// <summary>From a preferred (outbound) peer: asked first, without delay.</summary>
    public bool Preferred { get; }

    /// <summary>Earliest time it may be requested (announcement time, plus the delay for non-preferred peers).</summary>
    public DateTimeOffset RequestTime { get; }

    /// <summary>Order of arrival: requests follow it (TX-4.8).</summary>
    public long Sequence { get; }

    /// <summary>Random tie-break among ready candidates of one transaction (TX-4.3).</summary>
    public ulong Priority { get; }

    public AnnouncementState State { get; set; }

    /// <summary>When a request expires (set when requested).</summary>
    public DateTimeOffset Expiry { get; set; }

    /// <summary>Its place in the peer's candidate list, while a candidate.</summary>
    public LinkedListNode<Announcement<TPeer>>? CandidateNode { get; set; }

    /// <summary>Ranks ready candidates of one transaction: preferred peers first, then the random priority.</summary>
    public bool IsBetterThan(Announcement<TPeer> other) =>
        Preferred != other.Preferred ? Preferred : Priority > other.Priority;
}
