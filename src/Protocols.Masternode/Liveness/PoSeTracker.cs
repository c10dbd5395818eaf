using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>
/// Each masternode's PoSe penalty in the node's own view (MN-10.3 to MN-10.6): failures add
/// <see cref="PoSeRules.FailurePenalty"/>, every block takes <see cref="PoSeRules.DecayPerBlock"/> off,
/// <see cref="PoSeRules.BanThreshold"/> bans until the operator speaks up (an update newer than the ban,
/// or a new service or operator key on chain). Nothing here is on chain: two nodes may disagree.
/// State is kept only for listed masternodes that failed a challenge or sent an update. Thread-safe.
/// </summary>
public sealed class PoSeTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Hash256, State> _states = [];
    private int _height = -1;

    /// <summary>Masternodes banned now.</summary>
    public int BannedCount
    {
        get
        {
            lock (_gate)
            {
                return _states.Values.Count(s => s.Banned);
            }
        }
    }

    /// <summary>The standing of <paramref name="proTxHash"/> (penalty 0, not banned, when never seen).</summary>
    public PoSeStanding Get(Hash256 proTxHash)
    {
        lock (_gate)
        {
            return _states.TryGetValue(proTxHash, out var state) ? new PoSeStanding(state.Penalty, state.Banned) : default;
        }
    }

    /// <summary>True when <paramref name="proTxHash"/> should not be challenged: banned, or its operator said it is leaving.</summary>
    public bool IsExempt(Hash256 proTxHash)
    {
        lock (_gate)
        {
            return _states.TryGetValue(proTxHash, out var state) && (state.Banned || state.Leaving);
        }
    }

    /// <summary>
    /// The node's list moved to <paramref name="height"/>: penalties decay by the blocks gained, masternodes
    /// that left the list are forgotten, and those whose service or operator key changed start afresh (MN-10.4, MN-10.6).
    /// </summary>
    /// <returns>The masternodes revived by a change on chain.</returns>
    public IReadOnlyList<Hash256> OnList(int height, MasternodeList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var revived = new List<Hash256>();
        lock (_gate)
        {
            var decay = _height < 0 ? 0 : Math.Max(0, height - _height) * PoSeRules.DecayPerBlock;
            _height = height;
            foreach (var (id, state) in _states.ToArray())
            {
                if (!list.TryGet(id, out var entry))
                {
                    _states.Remove(id);
                }
                else if (!state.Fingerprint.SequenceEqual(Fingerprint(entry)))
                {
                    if (state.Banned)
                    {
                        revived.Add(id);
                    }

                    _states.Remove(id);
                }
                else if (!state.Banned)
                {
                    state.Penalty = Math.Max(0, state.Penalty - decay);
                    if (state.Penalty == 0 && !state.Leaving)
                    {
                        _states.Remove(id);
                    }
                }
            }
        }

        return revived;
    }

    /// <summary>A challenge of <paramref name="entry"/> failed (MN-10.3); returns the new standing and whether this failure banned it.</summary>
    public (PoSeStanding Standing, bool NewlyBanned) RecordFailure(MasternodeEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            var state = GetOrAdd(entry);
            if (state.Banned)
            {
                return (new PoSeStanding(state.Penalty, true), false);
            }

            state.Penalty += PoSeRules.FailurePenalty;
            var banned = state.Penalty >= PoSeRules.BanThreshold;
            if (banned)
            {
                state.Banned = true;
                state.BannedAt = now.ToUnixTimeSeconds();
            }

            return (new PoSeStanding(state.Penalty, state.Banned), banned);
        }
    }

    /// <summary>
    /// An accepted update of <paramref name="entry"/> (MN-9): a "serving" update signed no earlier than the ban's second
    /// lifts it and clears the penalty (MN-10.6); "leaving" exempts it from challenges until the next update.
    /// </summary>
    /// <returns>True when the update revived a banned masternode.</returns>
    public bool OnUpdate(MasternodeEntry entry, MasternodeStatus status, ulong timestamp)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            var state = GetOrAdd(entry);
            state.Leaving = status == MasternodeStatus.Leaving;
            if (!state.Banned || status != MasternodeStatus.Serving || timestamp < (ulong)Math.Max(0, state.BannedAt))
            {
                return false;
            }

            state.Banned = false;
            state.Penalty = 0;
            return true;
        }
    }

    private State GetOrAdd(MasternodeEntry entry)
    {
        if (!_states.TryGetValue(entry.ProTxHash, out var state))
        {
            state = new State(Fingerprint(entry));
            _states.Add(entry.ProTxHash, state);
        }

        return state;
    }

    /// <summary>What, when it changes on chain, makes a masternode a new server: its service and its operator key.</summary>
    private static byte[] Fingerprint(MasternodeEntry entry) => [.. entry.Service, .. entry.OperatorKey];

    private sealed class State(byte[] fingerprint)
    {
        public byte[] Fingerprint { get; } = fingerprint;

        public int Penalty { get; set; }

        public bool Banned { get; set; }

        public long BannedAt { get; set; }

        public bool Leaving { get; set; }
    }
}
