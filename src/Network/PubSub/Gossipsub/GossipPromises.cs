using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Gossipsub;

/// <summary>
/// IWANT follow-up tracking (GS-7.4): for each IWANT we send, one of the asked ids is remembered
/// with a deadline; a peer whose promised message has not arrived (from anyone) by then broke its
/// promise and earns a behaviour penalty. Not thread safe.
/// </summary>
internal sealed class GossipPromises
{
    private readonly Dictionary<MessageId, Dictionary<PeerId, long>> _promises = [];

    public int Count => _promises.Count;

    /// <summary>Remembers that <paramref name="peer"/> promised <paramref name="id"/> by <paramref name="deadline"/>.</summary>
    public void Add(PeerId peer, MessageId id, long deadline)
    {
        if (!_promises.TryGetValue(id, out var peers))
        {
            peers = [];
            _promises[id] = peers;
        }

        peers.TryAdd(peer, deadline);
    }

    /// <summary>The message arrived: every promise of it is kept.</summary>
    public void Fulfill(MessageId id) => _promises.Remove(id);

    /// <summary>Removes the promises past their deadline and counts them per peer.</summary>
    public Dictionary<PeerId, int>? TakeBroken(long now)
    {
        Dictionary<PeerId, int>? broken = null;
        List<MessageId>? done = null;
        foreach (var (id, peers) in _promises)
        {
            List<PeerId>? late = null;
            foreach (var (peer, deadline) in peers)
            {
                if (deadline <= now)
                {
                    broken ??= [];
                    broken[peer] = broken.GetValueOrDefault(peer) + 1;
                    (late ??= []).Add(peer);
                }
            }

            if (late is not null)
            {
                foreach (var peer in late)
                {
                    peers.Remove(peer);
                }
            }

            if (peers.Count == 0)
            {
                (done ??= []).Add(id);
            }
        }

        if (done is not null)
        {
            foreach (var id in done)
            {
                _promises.Remove(id);
            }
        }

        return broken;
    }
}
