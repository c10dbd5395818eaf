using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Swarm;

/// <summary>What a behaviour may ask of the swarm.</summary>
public interface ISwarmContext
{
    /// <summary>Our own peer id.</summary>
    PeerId LocalPeerId { get; }

    /// <summary>Our identity key (identify announces it; records are signed with it).</summary>
    Ed25519PrivateKey LocalKey { get; }

    /// <summary>The addresses we listen on, without the /p2p suffix.</summary>
    IReadOnlyList<Multiaddr> ListenAddresses { get; }

    /// <summary>Every protocol id some behaviour serves.</summary>
    IReadOnlyCollection<string> SupportedProtocols { get; }

    /// <summary>The clock.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>For behaviours' own loggers.</summary>
    ILoggerFactory LoggerFactory { get; }

    /// <summary>Dials <paramref name="address"/> (or returns the live connection to its /p2p peer).</summary>
    Task<Connection> DialAsync(Multiaddr address, CancellationToken cancellationToken);

    /// <summary>Opens a stream to a connected peer and negotiates the first protocol it supports.</summary>
    /// <exception cref="SwarmException">Not connected, or no protocol in common.</exception>
    Task<ProtocolStream> OpenStreamAsync(PeerId peer, IReadOnlyList<string> protocols, CancellationToken cancellationToken);

    /// <summary>The live connections to <paramref name="peer"/> (empty when none).</summary>
    IReadOnlyList<Connection> GetConnections(PeerId peer);

    /// <summary>Closes every connection to <paramref name="peer"/>.</summary>
    Task DisconnectAsync(PeerId peer);

    /// <summary>Adds an event to the application's ordered event stream.</summary>
    void Publish(SwarmEvent swarmEvent);

    /// <summary>
    /// Reports good (positive <paramref name="weight"/>) or bad (negative) behaviour of
    /// <paramref name="peer"/> to the swarm's peer scoring (specs/network/14-protection.md, PROT-3).
    /// Does nothing when the swarm keeps no scores.
    /// </summary>
    void ReportPeer(PeerId peer, string reason, double weight)
    {
    }

    /// <summary>
    /// Charges one inbound message of <paramref name="protocol"/> from <paramref name="peer"/>
    /// against its rate budget, completing when the peer is within budget (PROT-2). For
    /// behaviours that carry several messages on one stream; completes at once when the swarm
    /// limits nothing.
    /// </summary>
    ValueTask AcquireInboundMessageAsync(PeerId peer, string protocol, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>
    /// Asks for a message budget per peer for <paramref name="protocol"/> (PROT-2.2), typically
    /// from <see cref="INetworkBehaviour.Attach"/>; configuration set for the protocol wins. Does
    /// nothing when the swarm limits nothing.
    /// </summary>
    void RequestProtocolLimit(string protocol, double messagesPerSecond, double burst)
    {
    }
}
