using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Service;
using RustyNode.Network;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Discovery;
using RustyNode.Network.Discovery.Bootstrap;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Discovery.Mdns;
using RustyNode.Network.Discovery.Resources;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Protocols.Perf;
using RustyNode.Network.Protocols.Ping;
using RustyNode.Network.Resources;
using RustyNode.Network.PubSub;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.BlockSync;
using RustyNode.Protocols.TxProp.Gossip;
using RustyNode.Protocols.Masternode;
using RustyNode.Protocols.BlockSync.CompactBlocks.Relay;
using RustyNode.Protocols.TxProp.Relay;

namespace RustyNode.Node;

/// <summary>
/// The running node: the chain, the swarm with its behaviours, peer protection and the
/// connection manager (which keeps the configured peers connected).
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private int _disposed;

    /// <param name="options">The daemon's settings.</param>
    /// <param name="identity">Our identity key.</param>
    /// <param name="chain">The chain; the host uses it but does not dispose it.</param>
    /// <param name="loggerFactory">Logging.</param>
    public NodeHost(NodeOptions options, Ed25519PrivateKey identity, ChainService chain, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Chain = chain;
        PeerStore = PeerStore.Open(options.DataDir);
        Protection = new PeerProtection(options.Protection, PeerStore, loggerFactory.CreateLogger<PeerProtection>());
        Resources = new ResourceManager(options.Resources, loggerFactory.CreateLogger<ResourceManager>());
        Connections = new ConnectionManager(options.Connections, PeerStore, Protection, loggerFactory.CreateLogger<ConnectionManager>());
        Identify = new IdentifyBehaviour(new IdentifyOptions { AgentVersion = options.AgentVersion });
        Ping = new PingBehaviour();
        Perf = new PerfBehaviour();
        Echo = new EchoBehaviour();
        BlockSync = new BlockSyncBehaviour(chain, options.BlockSync);
        CompactBlocks = new CompactBlocksBehaviour(chain, options.CompactBlocks);
        BlockSync.ArrivingElsewhere = CompactBlocks.IsArriving;
        TxRelay = new TxPropBehaviour(chain);
        var validators = new RecordValidators()
            .With(PublicKeyValidator.Namespace, new PublicKeyValidator())
            .With(ResourceKeys.Namespace, new ResourceValidator());
        Kademlia = new KademliaBehaviour(options.Kademlia, validators, Protection.GetReputation);
        Bootstrap = new BootstrapDiscovery(new BootstrapOptions(), Kademlia, Connections, PeerStore, Protection);
        Mdns = options.Mdns ? new MdnsBehaviour() : null;
        ResourceDirectory = new ResourceDirectory(() => Kademlia.Node, identity);
        PubSub = new PubSubBehaviour(options.PubSub);
        Masternodes = new MasternodeBehaviour(chain);
        var swarmOptions = new SwarmOptions();
        foreach (var address in options.Listen)
        {
            swarmOptions.ListenAddresses.Add(address);
        }

        swarmOptions.Muxers.Clear();
        swarmOptions.Muxers.Add(options.Muxer);
        swarmOptions.Muxers.Add(options.Muxer == "yamux" ? "mplex" : "yamux");
        INetworkBehaviour[] discovery = Mdns is null ? [Kademlia, Bootstrap] : [Kademlia, Bootstrap, Mdns];
        // --tx-relay gossipsub: transactions ride a pubsub topic instead of tx-prop, whose behaviour then stays out of the swarm (TX-9).
        GossipTxRelay = options.TxRelay == "gossipsub" ? new GossipTxRelay(chain, PubSub) : null;
        INetworkBehaviour txRelay = GossipTxRelay is null ? TxRelay : GossipTxRelay;
        Swarm = new Swarm(identity, swarmOptions, [Protection, Resources, Connections, Identify, Ping, Perf, Echo, PubSub, txRelay, BlockSync, CompactBlocks, Masternodes, .. discovery], loggerFactory);
        Masternodes.JoinUpdateTopic(PubSub.Router);
        Topics = new TopicSubscriptions(PubSub.Router, Swarm, loggerFactory.CreateLogger<TopicSubscriptions>());
        TopicPeerSources.Add(PubSub.Router);
        foreach (var topic in options.Topics)
        {
            Topics.Subscribe(topic, events: true);
        }
    }

    /// <summary>The chain: headers, blocks, UTXO set and mempool.</summary>
    public ChainService Chain { get; }

    /// <summary>The swarm.</summary>
    public Swarm Swarm { get; }

    /// <summary>Known peers, scores and bans, kept in the data dir.</summary>
    public PeerStore PeerStore { get; }

    /// <summary>Rate limits, scores and bans.</summary>
    public PeerProtection Protection { get; }

    /// <summary>The memory budget: buffered bytes and pending streams per connection and for the node.</summary>
    public ResourceManager Resources { get; }

    /// <summary>Connection limits, trimming and the --connect (bootstrap) peers.</summary>
    public ConnectionManager Connections { get; }

    /// <summary>Identify and identify/push.</summary>
    public IdentifyBehaviour Identify { get; }

    /// <summary>Ping.</summary>
    public PingBehaviour Ping { get; }

    /// <summary>Perf.</summary>
    public PerfBehaviour Perf { get; }

    /// <summary>Echo.</summary>
    public EchoBehaviour Echo { get; }

    /// <summary>Block sync: headers first, parallel block download, tip announcements.</summary>
    public BlockSyncBehaviour BlockSync { get; }

    /// <summary>Compact block relay (/rusty/compact-blocks/1.0).</summary>
    public CompactBlocksBehaviour CompactBlocks { get; }

    /// <summary>Transaction relay (/rusty/tx-prop/1.0); idle, outside the swarm, under --tx-relay gossipsub.</summary>
    public TxPropBehaviour TxRelay { get; }

    /// <summary>Transaction relay over GossipSub, under --tx-relay gossipsub (TX-9); null otherwise.</summary>
    public GossipTxRelay? GossipTxRelay { get; }

    /// <summary>The masternode network (/rusty/masternode/1.0 and its updates topic): list sync at the best header, PoSe.</summary>
    public MasternodeBehaviour Masternodes { get; }

    /// <summary>The Kademlia DHT.</summary>
    public KademliaBehaviour Kademlia { get; }

    /// <summary>Joining the DHT and discovering peers up to the connection target.</summary>
    public BootstrapDiscovery Bootstrap { get; }

    /// <summary>mDNS discovery, when enabled (--mdns).</summary>
    public MdnsBehaviour? Mdns { get; }

    /// <summary>The resource API (announce, get, discover resources; capabilities; topics).</summary>
    public ResourceDirectory ResourceDirectory { get; }

    /// <summary>Sources of topic subscribers beside the DHT (the pubsub router).</summary>
    public List<ITopicPeerSource> TopicPeerSources { get; } = [];

    /// <summary>Floodsub and gossipsub: the router chain protocols register their topics with.</summary>
    public PubSubBehaviour PubSub { get; }

    /// <summary>The topics the operator subscribed to (--topic and the control interface).</summary>
    public TopicSubscriptions Topics { get; }

    /// <summary>Our listen addresses with our /p2p suffix, as peers would dial them.</summary>
    public IReadOnlyList<Multiaddr> DialableAddresses =>
        Swarm.ListenAddresses.Select(a => a.WithP2p(Swarm.LocalPeerId.ToBytes())).ToArray();

    /// <summary>Listens, then starts the connection manager (which dials the --connect peers), the DHT, bootstrap discovery (unless --min-connections is 0) and mDNS.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Swarm.StartAsync(cancellationToken);
        BlockSync.Start();
        Connections.Start();
        Kademlia.Start();
        if (Connections.Options.MinConnections > 0)
        {
            // A minimum of 0 asks for no connections of the node's own making (RES-4.3).
            Bootstrap.Start();
        }

        Mdns?.Start();
    }

    /// <summary>Stops the connection manager and the swarm, and saves the peer store. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Mdns is not null)
        {
            await Mdns.DisposeAsync();
        }

        await Bootstrap.DisposeAsync();
        await Kademlia.DisposeAsync();
        await Connections.DisposeAsync();
        await BlockSync.DisposeAsync();
        await CompactBlocks.DisposeAsync();
        Topics.Dispose();
        await Swarm.DisposeAsync();
        await TxRelay.DisposeAsync();
        if (GossipTxRelay is not null)
        {
            await GossipTxRelay.DisposeAsync();
        }

        await Masternodes.DisposeAsync();
        ResourceDirectory.Dispose();
        await PubSub.DisposeAsync();
        PeerStore.Save();
    }
}
