using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery;

/// <summary>
/// Something that knows peers interested in a topic without asking the DHT: pubsub's subscriber
/// lists, once pubsub is composed into the node. Topic discovery (RES-3.5) merges these peers with
/// the DHT providers of the topic.
/// </summary>
public interface ITopicPeerSource
{
    /// <summary>Peers known to subscribe to <paramref name="topic"/> (empty when none).</summary>
    IReadOnlyCollection<PeerId> PeersOf(string topic);
}
