using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Service;
using RustyNode.Network;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Protocols.Perf;
using RustyNode.Network.Protocols.Ping;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.BlockSync;

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
        Connections = new ConnectionManager(options.Connections, PeerStore, Protection, loggerFactory.CreateLogger<ConnectionManager>());
        Identify = new IdentifyBehaviour(new IdentifyOptions { AgentVersion = options.AgentVersion });
        Ping = new PingBehaviour();
        Perf = new PerfBehaviour();
        Echo = new EchoBehaviour();
        BlockSync = new BlockSyncBehaviour(chain, options.BlockSync);
        var swarmOptions = new SwarmOptions();
        foreach (var address in options.Listen)
        {
            swarmOptions.ListenAddresses.Add(address);
        }

        swarmOptions.Muxers.Clear();
        swarmOptions.Muxers.Add(options.Muxer);
        swarmOptions.Muxers.Add(options.Muxer == "yamux" ? "mplex" : "yamux");
        Swarm = new Swarm(identity, swarmOptions, [Protection, Connections, Identify, Ping, Perf, Echo, BlockSync], loggerFactory);
    }

    /// <summary>The chain: headers, blocks, UTXO set and mempool.</summary>
    public ChainService Chain { get; }

    /// <summary>The swarm.</summary>
    public Swarm Swarm { get; }

    /// <summary>Known peers, scores and bans, kept in the data dir.</summary>
    public PeerStore PeerStore { get; }

    /// <summary>Rate limits, scores and bans.</summary>
    public PeerProtection Protection { get; }

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

    /// <summary>Our listen addresses with our /p2p suffix, as peers would dial them.</summary>
    public IReadOnlyList<Multiaddr> DialableAddresses =>
        Swarm.ListenAddresses.Select(a => a.WithP2p(Swarm.LocalPeerId.ToBytes())).ToArray();

    /// <summary>Listens, then starts the connection manager (which dials the --connect peers).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Swarm.StartAsync(cancellationToken);
        BlockSync.Start();
        Connections.Start();
    }

    /// <summary>Stops the connection manager and the swarm, and saves the peer store. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Connections.DisposeAsync();
        await BlockSync.DisposeAsync();
        await Swarm.DisposeAsync();
        PeerStore.Save();
    }
}
