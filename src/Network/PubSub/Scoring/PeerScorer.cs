using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Scoring;

/// <summary>
/// The gossipsub v1.1 peer score (specs/network/19-gossipsub.md, GS-8): counters per peer and
/// topic, updated as the router sees grafts, prunes, deliveries and misbehaviour, decayed once per
/// decay interval, and combined by the score function on demand. Not thread safe: the router calls
/// it under its lock.
/// </summary>
internal sealed partial class PeerScorer
{
    private readonly PeerScoreParameters _parameters;
    private readonly Func<string, TopicScoreParameters?> _topicParameters;
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly Dictionary<PeerId, PeerScoreStats> _peers = [];
    private readonly Dictionary<string, HashSet<PeerId>> _peersByIp = new(StringComparer.Ordinal);
    private readonly TimeCache<MessageId, DeliveryRecord> _deliveries;
    private long _lastDecay;

    /// <param name="parameters">The peer-wide parameters.</param>
    /// <param name="topicParameters">A topic's parameters, or null when the topic does not count.</param>
    /// <param name="deliveryRecordTtl">How long delivery records are kept (the seen cache's time).</param>
    public PeerScorer(PeerScoreParameters parameters, Func<string, TopicScoreParameters?> topicParameters, TimeProvider time, TimeSpan deliveryRecordTtl)
    {
        _parameters = parameters;
        _topicParameters = topicParameters;
        _time = time;
        _frequency = time.TimestampFrequency;
        _lastDecay = time.GetTimestamp();
        _deliveries = new TimeCache<MessageId, DeliveryRecord>(deliveryRecordTtl, _frequency, PubSubLimits.MaxDeliveryRecords);
    }

    /// <summary>Peers with a score record (connected or retained).</summary>
    public int Count => _peers.Count;

    /// <summary>A peer connected (again): its retained score, if any, applies.</summary>
    public void AddPeer(PeerId peer, string? ip)
    {
        if (!_peers.TryGetValue(peer, out var stats))
        {
            if (_peers.Count >= PubSubLimits.MaxScoredPeers)
            {
                ForgetExpired(_time.GetTimestamp(), force: true);
            }

            stats = new PeerScoreStats();
            _peers[peer] = stats;
        }

        stats.Connected = true;
        SetIp(peer, stats, ip);
    }

    /// <summary>
    /// A peer disconnected. A positive score is forgotten at once; otherwise the score is kept for
    /// <see cref="PeerScoreParameters.RetainScore"/> so reconnecting does not wash it (GS-8.6), and
    /// its meshes count as prunes.
    /// </summary>
    public void RemovePeer(PeerId peer)
    {
        if (!_peers.TryGetValue(peer, out var stats))
        {
            return;
        }

        SetIp(peer, stats, null);
        if (Score(peer) > 0)
        {
            _peers.Remove(peer);
            return;
        }

        foreach (var (topic, topicStats) in stats.Topics)
        {
            if (topicStats.InMesh)
            {
                ApplyMeshFailure(topic, topicStats);
                topicStats.InMesh = false;
            }
        }

        stats.Connected = false;
        stats.ExpiresAt = _time.GetTimestamp() + (long)(_parameters.RetainScore.TotalSeconds * _frequency);
    }

    /// <summary>The peer joined our mesh of <paramref name="topic"/>.</summary>
    public void Graft(PeerId peer, string topic)
    {
        if (TopicStats(peer, topic) is { } stats)
        {
            stats.InMesh = true;
            stats.GraftedAt = _time.GetTimestamp();
        }
    }

    /// <summary>The peer left our mesh of <paramref name="topic"/>; an unmet delivery quota becomes P3b.</summary>
    public void Prune(PeerId peer, string topic)
    {
        if (TopicStats(peer, topic) is { } stats && stats.InMesh)
        {
            ApplyMeshFailure(topic, stats);
            stats.InMesh = false;
        }
    }

    /// <summary>Adds <paramref name="count"/> to the peer's behaviour penalty (P7).</summary>
    public void AddPenalty(PeerId peer, double count)
    {
        if (_peers.TryGetValue(peer, out var stats))
        {
            stats.BehaviourPenalty += count;
        }
    }

    /// <summary>
    /// Sets the application-specific score P5. A peer not connected yet gets a record that waits
    /// (for the retain time) for it to connect.
    /// </summary>
    public void SetApplicationScore(PeerId peer, double value)
    {
        if (!_peers.TryGetValue(peer, out var stats))
        {
            if (_peers.Count >= PubSubLimits.MaxScoredPeers)
            {
                ForgetExpired(_time.GetTimestamp(), force: true);
            }

            stats = new PeerScoreStats { ExpiresAt = _time.GetTimestamp() + (long)(_parameters.RetainScore.TotalSeconds * _frequency) };
            _peers[peer] = stats;
        }

        stats.ApplicationScore = value;
    }

    /// <summary>The peer's score now (0 for a peer without a record).</summary>
    public double Score(PeerId peer)
    {
        if (!_peers.TryGetValue(peer, out var stats))
        {
            return 0;
        }

        var now = _time.GetTimestamp();
        var score = 0.0;
        foreach (var (topic, topicStats) in stats.Topics)
        {
            if (_topicParameters(topic) is { } p)
            {
                score += TopicScore(p, topicStats, now) * p.TopicWeight;
            }
        }

        if (_parameters.TopicScoreCap > 0 && score > _parameters.TopicScoreCap)
        {
            score = _parameters.TopicScoreCap;
        }

        score += stats.ApplicationScore * _parameters.AppSpecificWeight;
        if (stats.Ip is { } ip && _parameters.IPColocationFactorWeight != 0 && _peersByIp.TryGetValue(ip, out var sharing))
        {
            var surplus = sharing.Count - _parameters.IPColocationFactorThreshold;
            if (surplus > 0)
            {
                score += surplus * (double)surplus * _parameters.IPColocationFactorWeight;
            }
        }

        var excess = stats.BehaviourPenalty - _parameters.BehaviourPenaltyThreshold;
        if (excess > 0)
        {
            score += excess * excess * _parameters.BehaviourPenaltyWeight;
        }

        return score;
    }

    /// <summary>Decays every counter once per elapsed decay interval and forgets expired records.</summary>
    public void Refresh()
    {
        var now = _time.GetTimestamp();
        var interval = (long)(_parameters.DecayInterval.TotalSeconds * _frequency);
        var rounds = (now - _lastDecay) / interval;
        if (rounds <= 0)
        {
            return;
        }

        _lastDecay += rounds * interval;
        ForgetExpired(now, force: false);
        _deliveries.Prune(now);
        foreach (var stats in _peers.Values)
        {
            foreach (var (topic, topicStats) in stats.Topics)
            {
                if (_topicParameters(topic) is { } p)
                {
                    topicStats.FirstMessageDeliveries = Decay(topicStats.FirstMessageDeliveries, p.FirstMessageDeliveriesDecay, rounds);
                    topicStats.MeshMessageDeliveries = Decay(topicStats.MeshMessageDeliveries, p.MeshMessageDeliveriesDecay, rounds);
                    topicStats.MeshFailurePenalty = Decay(topicStats.MeshFailurePenalty, p.MeshFailurePenaltyDecay, rounds);
                    topicStats.InvalidMessageDeliveries = Decay(topicStats.InvalidMessageDeliveries, p.InvalidMessageDeliveriesDecay, rounds);
                }
            }

            stats.BehaviourPenalty = Decay(stats.BehaviourPenalty, _parameters.BehaviourPenaltyDecay, rounds);
        }
    }

    private double TopicScore(TopicScoreParameters p, TopicScoreStats stats, long now)
    {
        var score = 0.0;
        if (stats.InMesh)
        {
            var meshSeconds = (now - stats.GraftedAt) / (double)_frequency;
            score += Math.Min(Math.Floor(meshSeconds / p.TimeInMeshQuantum.TotalSeconds), p.TimeInMeshCap) * p.TimeInMeshWeight;
        }

        score += stats.FirstMessageDeliveries * p.FirstMessageDeliveriesWeight;
        if (IsDeliveryQuotaActive(p, stats, now) && stats.MeshMessageDeliveries < p.MeshMessageDeliveriesThreshold)
        {
            var deficit = p.MeshMessageDeliveriesThreshold - stats.MeshMessageDeliveries;
            score += deficit * deficit * p.MeshMessageDeliveriesWeight;
        }

        score += stats.MeshFailurePenalty * p.MeshFailurePenaltyWeight;
        score += stats.InvalidMessageDeliveries * stats.InvalidMessageDeliveries * p.InvalidMessageDeliveriesWeight;
        return score;
    }

    private bool IsDeliveryQuotaActive(TopicScoreParameters p, TopicScoreStats stats, long now) =>
        stats.InMesh && (now - stats.GraftedAt) >= p.MeshMessageDeliveriesActivation.TotalSeconds * _frequency;

    private void ApplyMeshFailure(string topic, TopicScoreStats stats)
    {
        if (_topicParameters(topic) is { } p && IsDeliveryQuotaActive(p, stats, _time.GetTimestamp())
            && stats.MeshMessageDeliveries < p.MeshMessageDeliveriesThreshold)
        {
            var deficit = p.MeshMessageDeliveriesThreshold - stats.MeshMessageDeliveries;
            stats.MeshFailurePenalty += deficit * deficit;
        }
    }

    private double Decay(double value, double factor, long rounds)
    {
        if (value == 0)
        {
            return 0;
        }

        var decayed = value * Math.Pow(factor, rounds);
        return Math.Abs(decayed) < _parameters.DecayToZero ? 0 : decayed;
    }

    private TopicScoreStats? TopicStats(PeerId peer, string topic) =>
        _topicParameters(topic) is not null && _peers.TryGetValue(peer, out var stats) ? stats.Topic(topic) : null;

    private void SetIp(PeerId peer, PeerScoreStats stats, string? ip)
    {
        if (stats.Ip is { } old && _peersByIp.TryGetValue(old, out var set))
        {
            set.Remove(peer);
            if (set.Count == 0)
            {
                _peersByIp.Remove(old);
            }
        }

        stats.Ip = ip;
        if (ip is not null)
        {
            if (!_peersByIp.TryGetValue(ip, out set))
            {
                set = [];
                _peersByIp[ip] = set;
            }

            set.Add(peer);
        }
    }

    private void ForgetExpired(long now, bool force)
    {
        List<PeerId>? expired = null;
        foreach (var (peer, stats) in _peers)
        {
            if (!stats.Connected && (force || stats.ExpiresAt <= now))
            {
                (expired ??= []).Add(peer);
            }
        }

        if (expired is not null)
        {
            foreach (var peer in expired)
            {
                _peers.Remove(peer);
            }
        }
    }
}
