using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Network.PubSub;

public sealed partial class PubSubRouter
{
    /// <summary>
    /// A peer that speaks <paramref name="protocol"/> is connected (PS-6.1): it gets our
    /// subscriptions, and its outbox is returned for the writer that sends to it. Adding a peer
    /// twice returns the same outbox (and upgrades its protocol if the new one is better).
    /// </summary>
    /// <param name="peer">The peer.</param>
    /// <param name="protocol">The protocol of our stream to it (or of its stream to us).</param>
    /// <param name="outbound">True when we dialed the connection.</param>
    /// <param name="ip">The peer's IP address, for the colocation penalty (P6); null when unknown.</param>
    internal PeerOutbox AddPeer(PeerId peer, PubSubProtocol protocol, bool outbound, string? ip)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_lock)
        {
            if (_peers.TryGetValue(peer, out var existing))
            {
                if (protocol > existing.Protocol && _options.Router == PubSubRouterKind.Gossipsub)
                {
                    existing.Protocol = protocol;
                }

                return existing.Outbox;
            }

            var state = new PubSubPeer(peer, _options.Router == PubSubRouterKind.Floodsub ? PubSubProtocol.Floodsub : protocol, outbound, ip, _options.PublishBacklogBytes / 2);
            _peers[peer] = state;
            _scorer.AddPeer(peer, ip);
            foreach (var topic in _topics.Values)
            {
                if (topic.Subscribed)
                {
                    state.Outbox.AddSubscription(new SubscriptionChange(true, topic.Name));
                }
            }

            Log.PubSubPeerAdded(_logger, peer, protocol);
            return state.Outbox;
        }
    }

    /// <summary>The peer's last connection closed: it leaves every topic, mesh and fanout (PS-6.4).</summary>
    internal void RemovePeer(PeerId peer)
    {
        lock (_lock)
        {
            if (!_peers.Remove(peer, out var state))
            {
                return;
            }

            foreach (var name in state.Topics)
            {
                if (_topics.TryGetValue(name, out var topic))
                {
                    topic.Peers.Remove(peer);
                    topic.Mesh.Remove(peer);
                    topic.Fanout.Remove(peer);
                    ForgetIfIdle(topic);
                }
            }

            _scorer.RemovePeer(peer);
            _graylisted.Remove(peer);
            state.Outbox.Complete();
            Log.PubSubPeerRemoved(_logger, peer);
        }
    }

    /// <summary>True when <paramref name="peer"/> is a connected pubsub peer.</summary>
    internal bool HasPeer(PeerId peer)
    {
        lock (_lock)
        {
            return _peers.ContainsKey(peer);
        }
    }

    /// <summary>The protocol the router uses with <paramref name="peer"/>, or null when it is not a pubsub peer.</summary>
    internal PubSubProtocol? GetPeerProtocol(PeerId peer)
    {
        lock (_lock)
        {
            return _peers.TryGetValue(peer, out var state) ? state.Protocol : null;
        }
    }

    private void HandleSubscription(PubSubPeer peer, SubscriptionChange change)
    {
        if (change.Topic.Length == 0)
        {
            return;
        }

        if (change.Subscribe)
        {
            if (peer.Topics.Contains(change.Topic) || peer.Topics.Count >= PubSubLimits.MaxTopicsPerPeer)
            {
                return;
            }

            peer.Topics.Add(change.Topic);
            GetOrAddTopic(change.Topic).Peers.Add(peer.Id);
            return;
        }

        if (!peer.Topics.Remove(change.Topic) || !_topics.TryGetValue(change.Topic, out var topic))
        {
            return;
        }

        topic.Peers.Remove(peer.Id);
        topic.Fanout.Remove(peer.Id);
        if (topic.Mesh.Remove(peer.Id))
        {
            _scorer.Prune(peer.Id, topic.Name);
        }

        ForgetIfIdle(topic);
    }
}
