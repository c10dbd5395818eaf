using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>
/// The DHT as a swarm behaviour (specs/network/20-kademlia.md): runs a <see cref="KademliaNode"/>
/// over streams of the configured protocol id. In server mode it serves and announces the
/// protocol; in client mode it does neither (KAD-4.1). Peers whose identify lists the protocol are
/// asked a FIND_NODE and enter the routing table when they answer; banned peers leave it.
/// </summary>
public sealed partial class KademliaBehaviour : INetworkBehaviour, IKadMessenger, IAsyncDisposable
{
    private readonly KademliaOptions _options;
    private readonly RecordValidators _validators;
    private readonly Func<PeerId, double>? _reputation;
    private readonly ConcurrentDictionary<PeerId, IReadOnlyList<Multiaddr>> _listenAddresses = new();
    private ISwarmContext? _swarm;
    private KademliaNode? _node;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <param name="options">Settings (validated here).</param>
    /// <param name="validators">Record rules by namespace; <c>/pk/</c> only when null.</param>
    /// <param name="reputation">Peers' reputations, to keep badly scored peers out (KAD-1.5).</param>
    public KademliaBehaviour(KademliaOptions? options = null, RecordValidators? validators = null, Func<PeerId, double>? reputation = null)
    {
        _options = options ?? new KademliaOptions();
        _options.Validate();
        _validators = validators ?? new RecordValidators().With(PublicKeyValidator.Namespace, new PublicKeyValidator());
        _reputation = reputation;
        Protocols = _options.Mode == KadMode.Server ? [_options.ProtocolId] : [];
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Protocols { get; }

    /// <summary>The settings in force.</summary>
    public KademliaOptions Options => _options;

    /// <summary>The DHT itself: lookups, records, providers, routing table.</summary>
    public KademliaNode Node => _node ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    private ISwarmContext Swarm => _swarm ?? throw new InvalidOperationException("The behaviour is not attached to a swarm.");

    /// <inheritdoc />
    public void Attach(ISwarmContext swarm)
    {
        ArgumentNullException.ThrowIfNull(swarm);
        _swarm = swarm;
        _logger = swarm.LoggerFactory.CreateLogger<KademliaBehaviour>();
        _node = new KademliaNode(swarm.LocalPeerId, _options, this, _validators, () => swarm.ListenAddresses, swarm.TimeProvider, _logger, _reputation);
        _node.PeerAdded += (peer, addresses) => swarm.Publish(new PeerDiscovered(peer, addresses, "kad"));
        if (_options.Mode == KadMode.Server)
        {
            swarm.RequestProtocolLimit(_options.ProtocolId, KadLimits.InboundMessagesPerSecond, KadLimits.InboundMessageBurst);
        }
    }

    /// <summary>Starts the DHT's maintenance loops.</summary>
    public void Start() => Node.Start();

    /// <summary>The listen addresses <paramref name="peer"/> announced in identify, if it did.</summary>
    public IReadOnlyList<Multiaddr>? ListenAddressesOf(PeerId peer) => _listenAddresses.GetValueOrDefault(peer);

    /// <inheritdoc />
    public void OnConnectionEstablished(Connection connection)
    {
    }

    /// <inheritdoc />
    public void OnConnectionClosed(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (Swarm.GetConnections(connection.RemotePeer).Count == 0)
        {
            _listenAddresses.TryRemove(connection.RemotePeer, out _);
        }
    }

    /// <inheritdoc />
    public void OnSwarmEvent(SwarmEvent swarmEvent)
    {
        switch (swarmEvent)
        {
            case PeerIdentified identified:
                var info = identified.Info;
                if (info.ListenAddresses.Count > 0)
                {
                    _listenAddresses[info.Peer] = info.ListenAddresses;
                }

                if (info.Protocols.Contains(_options.ProtocolId) && _node is not null && _node.Routing.Get(info.Peer) is null)
                {
                    BackgroundTask.Forget(ProbeAsync(info.Peer, info.ListenAddresses), _logger, "DHT probe of an identified peer");
                }

                break;
            case PeerBanned banned:
                _node?.RemovePeer(banned.Peer, "banned");
                break;
        }
    }

    /// <summary>Stops the maintenance loops. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
    }

    /// <summary>A peer announced the protocol: it enters the routing table if it answers (KAD-1.3).</summary>
    private Task<bool> ProbeAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses) => Node.AddSeedAsync(peer, addresses, CancellationToken.None);
}
