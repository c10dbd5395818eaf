using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Scheduling;

/// <summary>
/// Decides which peer to ask for which announced transaction, and when (TX-4), modelled on Bitcoin
/// Core's txrequest: one request in flight per txid across all peers; preferred (outbound) peers
/// first, others only after a delay; among ready peers a random priority rather than the first
/// announcer (so a fast attacker cannot always win); an expiry after which the next announcer is
/// asked; never the same txid twice from one peer; bounded announcements and requests per peer.
/// Pure logic: time comes in as arguments and randomness from an injected source, so tests drive
/// it step by step. Not thread-safe: the owner serializes calls.
/// </summary>
/// <typeparam name="TPeer">Peer identity (a peer id in the daemon, small numbers in tests).</typeparam>
public sealed class TxRequestTracker<TPeer>
    where TPeer : notnull
{
    /// <summary>Below this many entries the expiry queue is never rebuilt.</summary>
    private const int MinExpiryRebuild = 1_024;

    private readonly Dictionary<Hash256, List<Announcement<TPeer>>> _byTx = [];
    private readonly Dictionary<TPeer, PeerAnnouncements<TPeer>> _peers = [];
    /// <summary>
    /// Request expiries, earliest first. A request answered before its expiry stays here until it
    /// is popped or the queue is rebuilt: see <see cref="QueueExpiry"/>.
    /// </summary>
    private readonly PriorityQueue<Announcement<TPeer>, DateTimeOffset> _expiries = new();
    private readonly Random _random;
    private long _sequence;
    private int _rebuildExpiriesAt = MinExpiryRebuild;

    /// <param name="options">Delays, expiry and per-peer bounds (validated here).</param>
    /// <param name="random">Source of the tie-break priorities; a shared instance when null.</param>
    public TxRequestTracker(TxPropOptions options, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _random = random ?? Random.Shared;
    }

    public TxPropOptions Options { get; }

    /// <summary>Announcements tracked, all peers.</summary>
    public int TotalCount { get; private set; }

    /// <summary>
    /// Entries in the expiry queue, answered requests not yet dropped included: at most twice the
    /// requests in flight, or <see cref="MinExpiryRebuild"/> when that is more (TX-4.5).
    /// </summary>
    public int ExpiryQueueLength => _expiries.Count;

    /// <summary>Transactions with at least one announcement.</summary>
    public int TransactionCount => _byTx.Count;

    /// <summary>Announcements tracked for <paramref name="peer"/> (candidates, requested and completed).</summary>
    public int Count(TPeer peer) => _peers.TryGetValue(peer, out var state) ? state.Count : 0;

    /// <summary>Requests in flight to <paramref name="peer"/>.</summary>
    public int CountInFlight(TPeer peer) => _peers.TryGetValue(peer, out var state) ? state.InFlight.Count : 0;

    /// <summary>Announcements of <paramref name="peer"/> not yet requested.</summary>
    public int CountCandidates(TPeer peer) => _peers.TryGetValue(peer, out var state) ? state.Candidates.Count : 0;

    /// <summary>True when <paramref name="peer"/> may announce no more until some of its announcements resolve (TX-4.5).</summary>
    public bool IsFull(TPeer peer) => Count(peer) >= Options.MaxTrackedAnnouncementsPerPeer;

    /// <summary>Whether any peer announced <paramref name="txId"/>.</summary>
    public bool IsTracked(Hash256 txId) => _byTx.ContainsKey(txId);

    /// <summary>Whether <paramref name="txId"/> is being requested from some peer now.</summary>
    public bool IsInFlight(Hash256 txId) =>
        _byTx.TryGetValue(txId, out var list) && list.Exists(a => a.State is AnnouncementState.Requested or AnnouncementState.Received);

    /// <summary>
    /// Records that <paramref name="peer"/> announced <paramref name="txId"/> at <paramref name="now"/>.
    /// A repeated announcement by the same peer changes nothing (TX-4.4).
    /// </summary>
    /// <returns>False when the peer already has its maximum of tracked announcements (nothing recorded).</returns>
    public bool ReceivedInv(TPeer peer, Hash256 txId, bool preferred, DateTimeOffset now)
    {
        if (!_peers.TryGetValue(peer, out var state))
        {
            _peers[peer] = state = new PeerAnnouncements<TPeer>();
        }

        if (state.ByTx.ContainsKey(txId))
        {
            return true;
        }

        if (state.Count >= Options.MaxTrackedAnnouncementsPerPeer)
        {
            return false;
        }

        var requestTime = preferred ? now : now + Options.NonPreferredDelay;
        var announcement = new Announcement<TPeer>(txId, peer, preferred, requestTime, _sequence++, (ulong)_random.NextInt64());
        if (!_byTx.TryGetValue(txId, out var list))
        {
            _byTx[txId] = list = new List<Announcement<TPeer>>(2);
        }

        list.Add(announcement);
        state.ByTx.Add(txId, announcement);
        announcement.CandidateNode = state.Candidates.AddLast(announcement);
        TotalCount++;
        return true;
    }

    /// <summary>
    /// Turns requests whose expiry has come into completed announcements (TX-4.4), so that the
    /// next announcer can be asked. Each expired (peer, txid) is added to <paramref name="expired"/>.
    /// </summary>
    public void ExpireRequests(DateTimeOffset now, List<(TPeer Peer, Hash256 TxId)>? expired = null)
    {
        while (_expiries.TryPeek(out var announcement, out var expiry) && expiry <= now)
        {
            _expiries.Dequeue();
            if (announcement.State != AnnouncementState.Requested || announcement.Expiry != expiry || !IsLive(announcement))
            {
                continue;
            }

            expired?.Add((announcement.Peer, announcement.TxId));
            Complete(announcement);
        }
    }

    /// <summary>
    /// The transactions to ask <paramref name="peer"/> for now, in its announcement order, at most
    /// <paramref name="max"/> and never beyond its in-flight bound; each is marked requested with an
    /// expiry. A transaction is chosen for this peer only when no request for it is in flight and
    /// this peer's announcement is the best ready one (TX-4.1 to TX-4.3).
    /// </summary>
    public List<Hash256> GetRequestable(TPeer peer, DateTimeOffset now, int max = int.MaxValue)
    {
        var result = new List<Hash256>();
        if (!_peers.TryGetValue(peer, out var state))
        {
            return result;
        }

        ExpireRequests(now);
        var room = Math.Min(max, Options.MaxInFlightPerPeer - state.InFlight.Count);
        for (var node = state.Candidates.First; node is not null && result.Count < room;)
        {
            var next = node.Next;
            var announcement = node.Value;
            if (announcement.RequestTime <= now && IsBestReady(announcement, now))
            {
                state.Candidates.Remove(node);
                announcement.CandidateNode = null;
                announcement.State = AnnouncementState.Requested;
                announcement.Expiry = now + Options.RequestExpiry;
                state.InFlight.Add(announcement);
                QueueExpiry(announcement);
                result.Add(announcement.TxId);
            }

            node = next;
        }

        return result;
    }

    /// <summary>
    /// <paramref name="peer"/> answered for <paramref name="txId"/> (the transaction or NotFound):
    /// its announcement is completed, so it is never asked of this peer again.
    /// </summary>
    /// <returns>True when a request to this peer for this txid was in flight.</returns>
    public bool ReceivedResponse(TPeer peer, Hash256 txId)
    {
        if (!_peers.TryGetValue(peer, out var state) || !state.ByTx.TryGetValue(txId, out var announcement))
        {
            return false;
        }

        var wasRequested = announcement.State == AnnouncementState.Requested;
        if (announcement.State != AnnouncementState.Completed)
        {
            Complete(announcement);
        }

        return wasRequested;
    }

    /// <summary>
    /// <paramref name="peer"/> sent <paramref name="txId"/>, which now waits to be validated: the
    /// request leaves the peer's in-flight bound (TX-4.5), but nobody else is asked for the
    /// transaction until <see cref="ForgetTxHash"/> (TX-4.1).
    /// </summary>
    /// <returns>True when a request to this peer for this txid was in flight.</returns>
    public bool ReceivedTransaction(TPeer peer, Hash256 txId)
    {
        if (!_peers.TryGetValue(peer, out var state) || !state.ByTx.TryGetValue(txId, out var announcement) || announcement.State != AnnouncementState.Requested)
        {
            return false;
        }

        state.InFlight.Remove(announcement);
        announcement.State = AnnouncementState.Received;
        return true;
    }

    /// <summary>Drops every announcement of <paramref name="txId"/> (we have it, or rejected it).</summary>
    public void ForgetTxHash(Hash256 txId)
    {
        if (!_byTx.Remove(txId, out var list))
        {
            return;
        }

        foreach (var announcement in list)
        {
            Detach(announcement);
        }
    }

    /// <summary>Drops every announcement of <paramref name="peer"/>; its requests' transactions go to the next announcers.</summary>
    public void DisconnectedPeer(TPeer peer)
    {
        if (!_peers.Remove(peer, out var state))
        {
            return;
        }

        foreach (var announcement in state.ByTx.Values)
        {
            TotalCount--;
            if (_byTx.TryGetValue(announcement.TxId, out var list))
            {
                list.Remove(announcement);
                ForgetIfSettled(announcement.TxId, list);
            }
        }
    }

    /// <summary>The peers that may have requests to make now: those with candidates.</summary>
    public List<TPeer> PeersWithCandidates() => [.. _peers.Where(p => p.Value.Candidates.Count > 0).Select(p => p.Key)];

    /// <summary>
    /// Queues a request's expiry. Answered requests are not removed from the queue one by one (a
    /// binary heap cannot find them cheaply); instead, once the queue reaches twice the requests
    /// still in flight, it is rebuilt from those alone. Without that, every request made in the
    /// last 60 s would stay queued: a peer answering NotFound at once to all it announced could grow
    /// it by thousands of entries a second, far past the per-peer bounds (TX-4.5). Rebuilding costs
    /// the number of live requests and happens at most once per that many new requests.
    /// </summary>
    private void QueueExpiry(Announcement<TPeer> announcement)
    {
        _expiries.Enqueue(announcement, announcement.Expiry);
        if (_expiries.Count < _rebuildExpiriesAt)
        {
            return;
        }

        _expiries.Clear();
        _expiries.EnqueueRange(_peers.Values.SelectMany(state => state.InFlight).Select(live => (live, live.Expiry)));
        _rebuildExpiriesAt = Math.Max(MinExpiryRebuild, 2 * _expiries.Count);
    }

    private bool IsLive(Announcement<TPeer> announcement) =>
        _peers.TryGetValue(announcement.Peer, out var state) && state.ByTx.TryGetValue(announcement.TxId, out var live) && ReferenceEquals(live, announcement);

    private bool IsBestReady(Announcement<TPeer> candidate, DateTimeOffset now)
    {
        foreach (var other in _byTx[candidate.TxId])
        {
            if (other.State is AnnouncementState.Requested or AnnouncementState.Received)
            {
                return false;
            }

            if (!ReferenceEquals(other, candidate) && other.State == AnnouncementState.Candidate && other.RequestTime <= now && other.IsBetterThan(candidate))
            {
                return false;
            }
        }

        return true;
    }

    private void Complete(Announcement<TPeer> announcement)
    {
        var state = _peers[announcement.Peer];
        if (announcement.CandidateNode is { } node)
        {
            state.Candidates.Remove(node);
            announcement.CandidateNode = null;
        }

        state.InFlight.Remove(announcement);
        announcement.State = AnnouncementState.Completed;
        ForgetIfSettled(announcement.TxId, _byTx[announcement.TxId]);
    }

    /// <summary>A transaction whose announcements are all completed has nobody left to ask: forget it, freeing the peers' slots.</summary>
    private void ForgetIfSettled(Hash256 txId, List<Announcement<TPeer>> list)
    {
        if (list.TrueForAll(a => a.State == AnnouncementState.Completed))
        {
            ForgetTxHash(txId);
        }
    }

    private void Detach(Announcement<TPeer> announcement)
    {
        if (!_peers.TryGetValue(announcement.Peer, out var state) || !state.ByTx.Remove(announcement.TxId))
        {
            return;
        }

        TotalCount--;
        if (announcement.CandidateNode is { } node)
        {
            state.Candidates.Remove(node);
            announcement.CandidateNode = null;
        }

        state.InFlight.Remove(announcement);
        if (state.ByTx.Count == 0)
        {
            _peers.Remove(announcement.Peer);
        }
    }
}
