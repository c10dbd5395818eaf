using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Network.PubSub;

public sealed partial class PubSubRouter
{
    /// <summary>Handles the control part of an RPC (GS-5): GRAFT, PRUNE, IHAVE, IWANT, IDONTWANT. Under the lock.</summary>
    private void HandleControl(PubSubPeer peer, ControlMessage control)
    {
        HandleIDontWant(peer, control.IDontWant);
        HandleIWant(peer, control.IWant);
        HandleIHave(peer, control.IHave);
        HandleGraft(peer, control.Graft);
        HandlePrune(peer, control.Prune);
    }

    private void HandleIHave(PubSubPeer peer, IReadOnlyList<ControlIHave> ihaves)
    {
        if (ihaves.Count == 0 || _scorer.Score(peer.Id) < _options.Thresholds.GossipThreshold)
        {
            return;
        }

        // Spam limits (GS-7.2): a bounded number of IHAVEs and of asked ids per peer and heartbeat.
        peer.IHaveReceived++;
        if (peer.IHaveReceived > _options.MaxIHaveMessages || peer.IWantAsked >= _options.MaxIHaveLength)
        {
            return;
        }

        var now = Now;
        var wanted = new List<MessageId>();
        var unique = new HashSet<MessageId>();
        foreach (var ihave in ihaves)
        {
            if (!_topics.TryGetValue(ihave.Topic, out var topic) || !topic.Subscribed)
            {
                continue;
            }

            foreach (var id in ihave.MessageIds)
            {
                if (!_seen.ContainsKey(id, now) && unique.Add(id))
                {
                    wanted.Add(id);
                }
            }
        }

        if (wanted.Count == 0)
        {
            return;
        }

        Shuffle(wanted);
        var allowed = Math.Min(wanted.Count, _options.MaxIHaveLength - peer.IWantAsked);
        if (allowed < wanted.Count)
        {
            wanted.RemoveRange(allowed, wanted.Count - allowed);
        }

        peer.IWantAsked += wanted.Count;
        _promises.Add(peer.Id, wanted[_random.Next(wanted.Count)], now + Ticks(_options.IWantFollowupTime));
        peer.Outbox.AddIWant(new ControlIWant(wanted));
    }

    private void HandleIWant(PubSubPeer peer, IReadOnlyList<ControlIWant> iwants)
    {
        if (iwants.Count == 0 || _scorer.Score(peer.Id) < _options.Thresholds.GossipThreshold)
        {
            return;
        }

        foreach (var iwant in iwants)
        {
            foreach (var id in iwant.MessageIds)
            {
                // Each peer gets a message through IWANT a bounded number of times (GS-7.3).
                if (_cache.TryGetForPeer(id, peer.Id, out var message, out var count) && count <= _options.GossipRetransmission)
                {
                    peer.Outbox.TryAddMessage(message.Message);
                    _iwantServed++;
                }
            }
        }
    }

    private void HandleGraft(PubSubPeer peer, IReadOnlyList<ControlGraft> grafts)
    {
        var now = Now;
        foreach (var graft in grafts)
        {
            // GRAFTs of topics we are not in are ignored, not answered (GS-7.1).
            if (!_topics.TryGetValue(graft.Topic, out var topic) || !topic.Subscribed || topic.Mesh.Contains(peer.Id))
            {
                continue;
            }

            if (_backoffs.IsBackedOff(graft.Topic, peer.Id, now))
            {
                // A graft during backoff is penalised, twice when it comes right after our PRUNE (GS-6.2).
                _scorer.AddPenalty(peer.Id, 1);
                if (now < _backoffs.EndOf(graft.Topic, peer.Id) - Ticks(_options.PruneBackoff) + Ticks(_options.GraftFloodThreshold))
                {
                    _scorer.AddPenalty(peer.Id, 1);
                }

                Report(peer.Id, PubSubScoreReasons.GraftDuringBackoff, PubSubScoreReasons.GraftDuringBackoffWeight);
                SendPrune(peer, topic.Name, peerExchange: false, unsubscribing: false);
                continue;
            }

            if (_scorer.Score(peer.Id) < 0)
            {
                SendPrune(peer, topic.Name, peerExchange: false, unsubscribing: false);
                continue;
            }

            if (topic.Mesh.Count >= _options.DHigh && !peer.Outbound)
            {
                SendPrune(peer, topic.Name, peerExchange: true, unsubscribing: false);
                continue;
            }

            topic.Mesh.Add(peer.Id);
            _scorer.Graft(peer.Id, topic.Name);
            Log.PubSubGraft(_logger, peer.Id, topic.Name, "received");
        }
    }

    private void HandlePrune(PubSubPeer peer, IReadOnlyList<ControlPrune> prunes)
    {
        var now = Now;
        foreach (var prune in prunes)
        {
            if (!_topics.TryGetValue(prune.Topic, out var topic))
            {
                continue;
            }

            if (topic.Mesh.Remove(peer.Id))
            {
                _scorer.Prune(peer.Id, topic.Name);
                Log.PubSubPrune(_logger, peer.Id, topic.Name, "received");
            }

            var backoff = prune.BackoffSeconds is { } seconds
                ? TimeSpan.FromSeconds(Math.Min(seconds, (ulong)TimeSpan.FromDays(1).TotalSeconds))
                : _options.PruneBackoff;
            _backoffs.Add(topic.Name, peer.Id, now + Ticks(backoff));
            if (prune.Peers.Count > 0 && _scorer.Score(peer.Id) >= _options.Thresholds.AcceptPXThreshold)
            {
                _pendingExchanges.Add((peer.Id, prune.Peers.Take(_options.PrunePeers).ToArray()));
            }
        }
    }

    private void HandleIDontWant(PubSubPeer peer, IReadOnlyList<ControlIDontWant> entries)
    {
        foreach (var entry in entries)
        {
            foreach (var id in entry.MessageIds)
            {
                if (peer.IDontWantReceived >= _options.MaxIDontWantMessages || peer.DontWant.Count >= PubSubLimits.MaxDontWantPerPeer)
                {
                    return;
                }

                peer.IDontWantReceived++;
                peer.DontWant[id] = _heartbeatTicks;
            }
        }
    }

    /// <summary>
    /// Sends PRUNE for <paramref name="topic"/> (GS-5.2) with a backoff (v1.1 and later) and, when
    /// asked and configured, peer exchange; sets our own backoff for the peer.
    /// </summary>
    private void SendPrune(PubSubPeer peer, string topic, bool peerExchange, bool unsubscribing)
    {
        var backoff = unsubscribing ? _options.UnsubscribeBackoff : _options.PruneBackoff;
        _backoffs.Add(topic, peer.Id, Now + Ticks(backoff));
        if (peer.Protocol == PubSubProtocol.Meshsub10)
        {
            peer.Outbox.AddPrune(new ControlPrune(topic, [], null));
            return;
        }

        IReadOnlyList<PeerExchangeInfo> exchange = [];
        if (peerExchange && _options.PeerExchange && _topics.TryGetValue(topic, out var state))
        {
            exchange = SelectRandom(state.Peers.Where(p => p != peer.Id && _scorer.Score(p) >= 0), _options.PrunePeers)
                .Select(p => new PeerExchangeInfo(p.ToBytes(), null)).ToArray();
        }

        peer.Outbox.AddPrune(new ControlPrune(topic, exchange, (ulong)backoff.TotalSeconds));
    }

    /// <summary>Joins a topic we just subscribed to (GS-4.3): announce, then fill the mesh from fanout and topic peers.</summary>
    private void Join(TopicState topic)
    {
        foreach (var peer in _peers.Values)
        {
            peer.Outbox.AddSubscription(new SubscriptionChange(true, topic.Name));
        }

        if (_options.Router != PubSubRouterKind.Gossipsub)
        {
            return;
        }

        var now = Now;
        foreach (var peerId in topic.Fanout.Where(p => _scorer.Score(p) >= 0 && !_backoffs.IsBackedOff(topic.Name, p, now)).Take(_options.D).ToArray())
        {
            topic.Mesh.Add(peerId);
        }

        topic.Fanout.Clear();
        if (topic.Mesh.Count < _options.D)
        {
            foreach (var peerId in SelectRandom(GraftCandidates(topic, now), _options.D - topic.Mesh.Count))
            {
                topic.Mesh.Add(peerId);
            }
        }

        foreach (var peerId in topic.Mesh)
        {
            _scorer.Graft(peerId, topic.Name);
            _peers[peerId].Outbox.AddGraft(new ControlGraft(topic.Name));
            Log.PubSubGraft(_logger, peerId, topic.Name, "join");
        }
    }

    /// <summary>Leaves a topic (GS-4.4): announce, PRUNE the mesh with the unsubscribe backoff, forget the mesh.</summary>
    private void Leave(TopicState topic)
    {
        foreach (var peer in _peers.Values)
        {
            peer.Outbox.AddSubscription(new SubscriptionChange(false, topic.Name));
        }

        foreach (var peerId in topic.Mesh)
        {
            _scorer.Prune(peerId, topic.Name);
            SendPrune(_peers[peerId], topic.Name, peerExchange: false, unsubscribing: true);
            Log.PubSubPrune(_logger, peerId, topic.Name, "leave");
        }

        topic.Mesh.Clear();
    }

    /// <summary>Gossipsub peers of the topic we may graft: not in the mesh, not backed off, score not negative.</summary>
    private IEnumerable<PeerId> GraftCandidates(TopicState topic, long now) =>
        topic.Peers.Where(p => !topic.Mesh.Contains(p) && _peers[p].IsGossipsub && !_backoffs.IsBackedOff(topic.Name, p, now) && _scorer.Score(p) >= 0);
}
