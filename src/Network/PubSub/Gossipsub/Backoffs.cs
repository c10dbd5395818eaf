using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Gossipsub;

/// <summary>
/// PRUNE backoffs (GS-6.2): per topic and peer, the time before which neither side may graft the
/// other again. Not thread safe. Times are <see cref="TimeProvider.GetTimestamp"/> values.
/// </summary>
internal sealed class Backoffs
{
    private readonly Dictionary<string, Dictionary<PeerId, long>> _byTopic = new(StringComparer.Ordinal);

    /// <summary>Sets the backoff to end at <paramref name="until"/>, unless a later end is already set.</summary>
    public void Add(string topic, PeerId peer, long until)
    {
        if (!_byTopic.TryGetValue(topic, out var peers))
        {
            peers = [];
            _byTopic[topic] = peers;
        }

        if (!peers.TryGetValue(peer, out var current) || current < until)
        {
            peers[peer] = until;
        }
    }

    /// <summary>True while a backoff for <paramref name="peer"/> in <paramref name="topic"/> lasts.</summary>
    public bool IsBackedOff(string topic, PeerId peer, long now) =>
        _byTopic.TryGetValue(topic, out var peers) && peers.TryGetValue(peer, out var until) && until > now;

    /// <summary>When the backoff for <paramref name="peer"/> in <paramref name="topic"/> ends (0 when there is none).</summary>
    public long EndOf(string topic, PeerId peer) =>
        _byTopic.TryGetValue(topic, out var peers) && peers.TryGetValue(peer, out var until) ? until : 0;

    /// <summary>Forgets backoffs that ended before <paramref name="now"/>.</summary>
    public void Clean(long now)
    {
        List<string>? emptyTopics = null;
        foreach (var (topic, peers) in _byTopic)
        {
            List<PeerId>? ended = null;
            foreach (var (peer, until) in peers)
            {
                if (until <= now)
                {
                    (ended ??= []).Add(peer);
                }
            }

            if (ended is not null)
            {
                foreach (var peer in ended)
                {
                    peers.Remove(peer);
                }
            }

            if (peers.Count == 0)
            {
                (emptyTopics ??= []).Add(topic);
            }
        }

        if (emptyTopics is not null)
        {
            foreach (var topic in emptyTopics)
            {
                _byTopic.Remove(topic);
            }
        }
    }
}
