using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Scheduling;

/// <summary>One peer's announcements in the scheduler: all of them by txid, the candidates in arrival order, the requests in flight.</summary>
internal sealed class PeerAnnouncements<TPeer>
    where TPeer : notnull
{
    public Dictionary<Hash256, Announcement<TPeer>> ByTx { get; } = [];

    public LinkedList<Announcement<TPeer>> Candidates { get; } = new();

    public HashSet<Announcement<TPeer>> InFlight { get; } = new(ReferenceEqualityComparer.Instance);

    public int Count => ByTx.Count;
}
