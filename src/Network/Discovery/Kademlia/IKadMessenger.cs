using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>
/// How a <see cref="KademliaNode"/> reaches other nodes: over swarm streams in
/// <see cref="KademliaBehaviour"/>, or in-process in tests and benchmarks.
/// </summary>
public interface IKadMessenger
{
    /// <summary>
    /// Sends <paramref name="request"/> to <paramref name="peer"/> (dialing one of
    /// <paramref name="addresses"/> when not connected) and returns its response, or null for
    /// ADD_PROVIDER, which has none.
    /// </summary>
    /// <exception cref="KadRequestFailedException">The peer could not be reached or did not answer.</exception>
    /// <exception cref="KadProtocolException">The answer is malformed or over a limit.</exception>
    Task<KadMessage?> SendAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, KadMessage request, CancellationToken cancellationToken);
}
