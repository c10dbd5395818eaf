namespace RustyNode.Network.Swarm;

/// <summary>
/// One protocol's state and logic, composed into a <see cref="Swarm"/>. The swarm owns transports
/// and connections; a behaviour declares the protocol ids it serves, handles the streams
/// negotiated to them, hears about connections, and asks the swarm (through
/// <see cref="ISwarmContext"/>) to dial, open streams or disconnect. Adding a protocol means
/// adding a behaviour, not editing the swarm.
/// </summary>
public interface INetworkBehaviour
{
    /// <summary>Protocol ids this behaviour answers on inbound streams (may be empty).</summary>
    IReadOnlyCollection<string> Protocols { get; }

    /// <summary>Called once, before the swarm listens or dials.</summary>
    void Attach(ISwarmContext swarm);

    /// <summary>
    /// Handles an inbound stream negotiated to one of <see cref="Protocols"/>. The swarm disposes
    /// the stream when this returns; a <see cref="Libp2pProtocolException"/> resets it and counts
    /// against the peer.
    /// </summary>
    Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken);

    /// <summary>A connection finished its upgrade (called before any of its streams is handled).</summary>
    void OnConnectionEstablished(Connection connection);

    /// <summary>A connection has ended.</summary>
    void OnConnectionClosed(Connection connection);

    /// <summary>
    /// Hears every event published to the swarm (its own and other behaviours', e.g. identify
    /// results) before the application does. Called on the publisher's thread: keep it short and
    /// never throw.
    /// </summary>
    void OnSwarmEvent(SwarmEvent swarmEvent)
    {
    }
}
