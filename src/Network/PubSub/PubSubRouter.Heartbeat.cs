using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Network.PubSub;

public sealed partial class PubSubRouter
{
    /// <summary>Runs one heartbeat now (the timer calls it; tests on a fake clock may too).</summary>
    internal void RunHeartbeat()
    {
        lock (_lock)
        {
            if (_disposed == 0)
            {
                Heartbeat();
            }
        }

        FlushReports();
    }

    private void OnHeartbeatTimer()
    {
        try
        {
            RunHeartbeat();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            Log.PubSubHeartbeatFailed(_logger, ex);
        }
    }

    /// <summary>The heartbeat (GS-4.5): scores, promises, mesh and fanout upkeep, gossip, cache shift. Under the lock.</summary>
    private void Heartbeat()
    {
        _heartbeatTicks++;
        var now = Now;
        _scorer.Refresh();
        ApplyBrokenPromises(now);
        foreach (var peer in _peers.Values)
        {
            peer.IHaveReceived = 0;
            peer.IWantAsked = 0;
            peer.IDontWantReceived = 0;
            ForgetOldDontWants(peer);
        }

        if (_options.Router == PubSubRouterKind.Gossipsub)
        {
            var gossipSent = new Dictionary<PeerId, int>();
            foreach (var topic in _topics.Values.ToArray())
            {
                if (topic.Subscribed)
                {
                    MaintainMesh(topic, now);
                    EmitGossip(topic, topic.Mesh, gossipSent);
                }
                else if (topic.Fanout.Count > 0 || topic.LastPublished != 0)
                {
                    MaintainFanout(topic, now);
                    if (topic.Fanout.Count > 0)
                    {
                        EmitGossip(topic, topic.Fanout, gossipSent);
                    }
                }
            }
        }

        _cache.Shift();
        _seen.Prune(now);
        _backoffs.Clean(now);
    }

    private void ApplyBrokenPromises(long now)
    {
        if (_promises.TakeBroken(now) is not { } broken)
        {
            return;
        }

        foreach (var (peer, count) in broken)
        {
            _scorer.AddPenalty(peer, count);
            Report(peer, PubSubScoreReasons.BrokenPromise, PubSubScoreReasons.BrokenPromiseWeight * count);
        }
    }

    private void ForgetOldDontWants(PubSubPeer peer)
    {
        if (peer.DontWant.Count == 0)
        {
            return;
        }

        var oldest = _heartbeatTicks - _options.HistoryLength;
        foreach (var (id, tick) in peer.DontWant.ToArray())
        {
            if (tick < oldest)
            {
                peer.DontWant.Remove(id);
            }
        }
    }

    /// <summary>Mesh upkeep of one topic (GS-4.5, GS-8.4): drop negative scores, fill to D, trim to D keeping the best, keep D_out outbound, graft opportunistically.</summary>
    private void MaintainMesh(TopicState topic, long now)
    {
        foreach (var peerId in topic.Mesh.Where(p => _scorer.Score(p) < 0).ToArray())
        {
            RemoveFromMesh(topic, peerId, peerExchange: false, "negative score");
        }

        if (topic.Mesh.Count < _options.DLow)
        {
            foreach (var peerId in SelectRandom(GraftCandidates(topic, now), _options.D - topic.Mesh.Count))
            {
                AddToMesh(topic, peerId, "undersubscribed");
            }
        }

        if (topic.Mesh.Count > _options.DHigh)
        {
            TrimMesh(topic);
        }

        if (topic.Mesh.Count >= _options.DLow)
        {
            var outbound = topic.Mesh.Count(p => _peers[p].Outbound);
            if (outbound < _options.DOut)
            {
                foreach (var peerId in SelectRandom(GraftCandidates(topic, now).Where(p => _peers[p].Outbound), _options.DOut - outbound))
                {
                    AddToMesh(topic, peerId, "outbound quota");
                }
            }
        }

        if (_heartbeatTicks % _options.OpportunisticGraftTicks == 0 && topic.Mesh.Count > 1)
        {
            GraftOpportunistically(topic, now);
        }
    }

    private void TrimMesh(TopicState topic)
    {
        var byScore = topic.Mesh.ToList();
        Shuffle(byScore);
        byScore.Sort((a, b) => _scorer.Score(b).CompareTo(_scorer.Score(a)));
        var kept = byScore.Take(_options.DScore).ToList();
        var rest = byScore.Skip(_options.DScore).ToList();
        Shuffle(rest);
        var fill = Math.Max(0, _options.D - kept.Count);
        kept.AddRange(rest.Take(fill));
        var removed = rest.Skip(fill).ToList();

        // Keep at least D_out outbound peers: swap outbound peers in for the last inbound ones kept.
        var outboundKept = kept.Count(p => _peers[p].Outbound);
        foreach (var candidate in removed.Where(p => _peers[p].Outbound).Take(Math.Max(0, _options.DOut - outboundKept)).ToArray())
        {
            var index = kept.FindLastIndex(p => !_peers[p].Outbound);
            if (index < 0)
            {
                break;
            }

            removed.Remove(candidate);
            removed.Add(kept[index]);
            kept[index] = candidate;
        }

        foreach (var peerId in removed)
        {
            RemoveFromMesh(topic, peerId, peerExchange: true, "oversubscribed");
        }
    }

    private void GraftOpportunistically(TopicState topic, long now)
    {
        var scores = topic.Mesh.Select(_scorer.Score).OrderBy(s => s).ToArray();
        var median = scores[scores.Length / 2];
        if (median >= _options.Thresholds.OpportunisticGraftThreshold)
        {
            return;
        }

        foreach (var peerId in SelectRandom(GraftCandidates(topic, now).Where(p => _scorer.Score(p) > median), _options.OpportunisticGraftPeers))
        {
            AddToMesh(topic, peerId, "opportunistic");
        }
    }

    private void MaintainFanout(TopicState topic, long now)
    {
        if (now - topic.LastPublished > Ticks(_options.FanoutTtl))
        {
            topic.Fanout.Clear();
            topic.LastPublished = 0;
            ForgetIfIdle(topic);
            return;
        }

        var threshold = _options.Thresholds.PublishThreshold;
        topic.Fanout.RemoveWhere(p => !topic.Peers.Contains(p) || _scorer.Score(p) < threshold);
        if (topic.Fanout.Count < _options.D && !_options.FloodPublish)
        {
            var candidates = topic.Peers.Where(p => !topic.Fanout.Contains(p) && _peers[p].IsGossipsub && _scorer.Score(p) >= threshold);
            foreach (var peerId in SelectRandom(candidates, _options.D - topic.Fanout.Count))
            {
                topic.Fanout.Add(peerId);
            }
        }
    }

    /// <summary>
    /// IHAVE gossip (GS-4.5, GS-7.5): the ids of the topic's messages in the gossip windows, to a
    /// random GossipFactor share (at least D_lazy) of the topic's other gossipsub peers at or above
    /// the gossip threshold, at most MaxIHaveLength ids per peer and heartbeat.
    /// </summary>
    private void EmitGossip(TopicState topic, HashSet<PeerId> exclude, Dictionary<PeerId, int> sent)
    {
        var ids = _cache.GetGossipIds(topic.Name);
        if (ids.Count == 0)
        {
            return;
        }

        var candidates = topic.Peers
            .Where(p => !exclude.Contains(p) && _peers[p].IsGossipsub && _scorer.Score(p) >= _options.Thresholds.GossipThreshold)
            .ToList();
        var target = Math.Max(_options.DLazy, (int)(_options.GossipFactor * candidates.Count));
        foreach (var peerId in SelectRandom(candidates, target))
        {
            var budget = _options.MaxIHaveLength - sent.GetValueOrDefault(peerId);
            if (budget <= 0)
            {
                continue;
            }

            var announced = ids;
            if (ids.Count > budget)
            {
                var copy = new List<MessageId>(ids);
                Shuffle(copy);
                announced = copy.GetRange(0, budget);
            }

            sent[peerId] = sent.GetValueOrDefault(peerId) + announced.Count;
            _peers[peerId].Outbox.AddIHave(new ControlIHave(topic.Name, announced));
        }
    }

    private void AddToMesh(TopicState topic, PeerId peerId, string reason)
    {
        topic.Mesh.Add(peerId);
        _scorer.Graft(peerId, topic.Name);
        _peers[peerId].Outbox.AddGraft(new ControlGraft(topic.Name));
        Log.PubSubGraft(_logger, peerId, topic.Name, reason);
    }

    private void RemoveFromMesh(TopicState topic, PeerId peerId, bool peerExchange, string reason)
    {
        topic.Mesh.Remove(peerId);
        _scorer.Prune(peerId, topic.Name);
        SendPrune(_peers[peerId], topic.Name, peerExchange, unsubscribing: false);
        Log.PubSubPrune(_logger, peerId, topic.Name, reason);
    }

    /// <summary>Up to <paramref name="count"/> distinct items chosen uniformly at random.</summary>
    private List<PeerId> SelectRandom(IEnumerable<PeerId> source, int count)
    {
        var items = source.ToList();
        if (count <= 0)
        {
            return [];
        }

        Shuffle(items);
        if (items.Count > count)
        {
            items.RemoveRange(count, items.Count - count);
        }

        return items;
    }

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
