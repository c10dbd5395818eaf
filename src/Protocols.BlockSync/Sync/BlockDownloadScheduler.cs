using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>
/// Which peer fetches which block (BS-5.2), what is in flight, and who stalls (BS-5.6, BS-5.7).
/// Pure bookkeeping on an injected clock: no I/O, driven by the sync manager's single loop.
/// </summary>
internal sealed class BlockDownloadScheduler
{
    private readonly Dictionary<Hash256, InFlightBlock> _inFlight = [];
    private readonly Dictionary<PeerId, DownloadPeer> _peers = [];
    private readonly Dictionary<long, long> _requestSentAt = [];
    private readonly TimeProvider _time;
    private readonly int _maxPerPeer;
    private long _nextRequestId;
    private int _rotation;

    public BlockDownloadScheduler(int maxPerPeer, StallTimeout timeout, TimeProvider time)
    {
        _maxPerPeer = maxPerPeer;
        Timeout = timeout;
        _time = time;
    }

    /// <summary>The adaptive stall timeout.</summary>
    public StallTimeout Timeout { get; }

    /// <summary>Blocks in flight.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Stalls detected so far.</summary>
    public int Stalls { get; private set; }

    /// <summary>True when <paramref name="hash"/> is in flight.</summary>
    public bool IsInFlight(Hash256 hash) => _inFlight.ContainsKey(hash);

    /// <summary>The peer's state, or null when unknown.</summary>
    public DownloadPeer? GetPeer(PeerId peer) => _peers.GetValueOrDefault(peer);

    /// <summary>Starts tracking a peer (nothing is assigned to it before it has an available height).</summary>
    public void AddPeer(PeerId peer) => _peers.TryAdd(peer, new DownloadPeer());

    /// <summary>Forgets a peer; its blocks are released (BS-5.8).</summary>
    public int RemovePeer(PeerId peer)
    {
        var released = ReleaseAll(peer);
        _peers.Remove(peer);
        return released;
    }

    /// <summary>Sets how far along our best chain the peer has blocks (BS-5.2).</summary>
    public void SetAvailableHeight(PeerId peer, int height)
    {
        if (_peers.TryGetValue(peer, out var state))
        {
            state.AvailableHeight = height;
        }
    }

    /// <summary>
    /// Assigns the blocks of <paramref name="wanted"/> (lowest first) that are neither in flight nor
    /// <paramref name="isHeld"/> to peers that have them, least loaded first, at most the per-peer
    /// maximum in flight; one request per peer. The assignments are in flight from now.
    /// </summary>
    public IReadOnlyList<BlockRequestPlan> Assign(IReadOnlyList<BlockRef> wanted, Func<Hash256, bool> isHeld)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(isHeld);
        var candidates = _peers.Where(p => !p.Value.Stalled && p.Value.InFlight < _maxPerPeer && p.Value.AvailableHeight > 0).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        // Rotate the order so that equal loads do not always favour the same peer.
        _rotation = (_rotation + 1) % candidates.Count;
        candidates = [.. candidates.Skip(_rotation), .. candidates.Take(_rotation)];
        var planned = candidates.ToDictionary(c => c.Key, _ => new List<BlockRef>());
        foreach (var block in wanted)
        {
            if (_inFlight.ContainsKey(block.Hash) || isHeld(block.Hash))
            {
                continue;
            }

            var best = default(KeyValuePair<PeerId, DownloadPeer>?);
            var bestLoad = int.MaxValue;
            var anyCapacity = false;
            foreach (var candidate in candidates)
            {
                var load = candidate.Value.InFlight + planned[candidate.Key].Count;
                if (load >= _maxPerPeer)
                {
                    continue;
                }

                anyCapacity = true;
                if (candidate.Value.AvailableHeight >= block.Height && load < bestLoad)
                {
                    best = candidate;
                    bestLoad = load;
                }
            }

            if (!anyCapacity)
            {
                break;
            }

            if (best is { } chosen)
            {
                planned[chosen.Key].Add(block);
            }
        }

        var now = _time.GetTimestamp();
        var plans = new List<BlockRequestPlan>();
        foreach (var (peer, blocks) in planned)
        {
            if (blocks.Count == 0)
            {
                continue;
            }

            var id = ++_nextRequestId;
            var state = _peers[peer];
            foreach (var block in blocks)
            {
                _inFlight[block.Hash] = new InFlightBlock(peer, id, now, block.Height);
            }

            state.InFlight += blocks.Count;
            state.Outstanding.Add(id);
            _requestSentAt[id] = now;
            plans.Add(new BlockRequestPlan(id, peer, blocks));
        }

        return plans;
    }

    /// <summary>
    /// A block request ended: its blocks still assigned to it are released, whether delivered or
    /// not. <paramref name="delivered"/> counts the useful blocks it brought (0 for a failure).
    /// </summary>
    public void Complete(BlockRequestPlan plan, int delivered)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var block in plan.Blocks)
        {
            if (_inFlight.TryGetValue(block.Hash, out var flight) && flight.RequestId == plan.Id)
            {
                _inFlight.Remove(block.Hash);
                if (_peers.TryGetValue(flight.Peer, out var owner))
                {
                    owner.InFlight--;
                }
            }
        }

        _requestSentAt.Remove(plan.Id, out var sentAt);
        if (!_peers.TryGetValue(plan.Peer, out var state))
        {
            return;
        }

        state.Outstanding.Remove(plan.Id);
        if (state.Outstanding.Count == 0)
        {
            state.Stalled = false;
        }

        if (delivered > 0)
        {
            var now = _time.GetTimestamp();
            state.LastDeliveryAt = now;
            Timeout.OnResponse(_time.GetElapsedTime(sentAt, now));
        }
    }

    /// <summary>
    /// BS-5.6: when <paramref name="next"/> (the next block to connect) has been in flight longer
    /// than the stall timeout and another peer has delivered since it was requested, its peer is a
    /// staller: all its blocks are released and it gets none until its requests end.
    /// </summary>
    public StallReport? CheckStall(Hash256 next)
    {
        if (!_inFlight.TryGetValue(next, out var flight) || _time.GetElapsedTime(flight.SentAt) <= Timeout.Current)
        {
            return null;
        }

        var othersDelivered = _peers.Any(p => p.Key != flight.Peer && p.Value.LastDeliveryAt > flight.SentAt);
        if (!othersDelivered)
        {
            return null;
        }

        var released = ReleaseAll(flight.Peer);
        var staller = _peers[flight.Peer];
        staller.Stalled = staller.Outstanding.Count > 0;
        staller.Stalls++;
        Stalls++;
        Timeout.OnStall();
        return new StallReport(flight.Peer, flight.Height, released, Timeout.Current);
    }

    private int ReleaseAll(PeerId peer)
    {
        var mine = _inFlight.Where(f => f.Value.Peer == peer).Select(f => f.Key).ToList();
        foreach (var hash in mine)
        {
            _inFlight.Remove(hash);
        }

        if (_peers.TryGetValue(peer, out var state))
        {
            state.InFlight = 0;
        }

        return mine.Count;
    }

    private readonly record struct InFlightBlock(PeerId Peer, long RequestId, long SentAt, int Height);
}
