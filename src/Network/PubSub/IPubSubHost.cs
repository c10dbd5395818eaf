using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.PubSub;

/// <summary>
/// What the router needs from its surroundings: the swarm's peer reputation and a way to reach peers
/// named in a peer exchange. <see cref="PubSubBehaviour"/> implements it over the swarm; tests run
/// routers without a swarm by implementing it themselves. Called outside the router's lock.
/// </summary>
public interface IPubSubHost
{
    /// <summary>Reports good or bad behaviour of a peer to the swarm's scoring (PS-7.3).</summary>
    void ReportPeer(PeerId peer, string reason, double weight);

    /// <summary>Asks to connect to peers a trusted peer named in a PRUNE (GS-6.3).</summary>
    void ConnectToExchangedPeers(PeerId from, IReadOnlyList<PeerExchangeInfo> peers);
}
