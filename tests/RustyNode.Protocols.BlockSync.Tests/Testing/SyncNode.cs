using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Model;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;

namespace RustyNode.Protocols.BlockSync.Tests.Testing;

/// <summary>
/// A real node in the test process: a swarm on 127.0.0.1 (yamux over TCP) with block sync on its
/// own chain, and peer protection (default settings) when asked for.
/// </summary>
internal sealed class SyncNode : IAsyncDisposable
{
    private SyncNode(Swarm swarm, TestChain chain, BlockSyncBehaviour? blockSync, PeerProtection? protection)
    {
        Swarm = swarm;
        Chain = chain;
        BlockSync = blockSync;
        Protection = protection;
    }

    public Swarm Swarm { get; }

    public TestChain Chain { get; }

    /// <summary>Block sync, or null for a node that brings its own protocol behaviour.</summary>
    public BlockSyncBehaviour? BlockSync { get; }

    public PeerProtection? Protection { get; }

    public PeerId PeerId => Swarm.LocalPeerId;

    public Multiaddr Address => Swarm.ListenAddresses[0].WithP2p(PeerId.ToBytes());

    /// <summary>A node with block sync over a chain holding <paramref name="blocks"/>.</summary>
    public static Task<SyncNode> StartAsync(IEnumerable<Block> blocks, bool protect = false) =>
        StartAsync(TestChain.With(blocks), chain => new BlockSyncBehaviour(chain.Service), protect);

    /// <summary>A node whose protocol behaviour <paramref name="behaviour"/> builds (null: none besides protection).</summary>
    public static async Task<SyncNode> StartAsync(TestChain chain, Func<TestChain, INetworkBehaviour?> behaviour, bool protect = false)
    {
        var protection = protect ? new PeerProtection(new ProtectionOptions(), PeerStore.InMemory()) : null;
        var built = behaviour(chain);
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        INetworkBehaviour[] behaviours = [.. new INetworkBehaviour?[] { protection, built }.OfType<INetworkBehaviour>()];
        var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, behaviours, NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        var blockSync = built as BlockSyncBehaviour;
        blockSync?.Start();
        return new SyncNode(swarm, chain, blockSync, protection);
    }

    /// <summary>Dials <paramref name="other"/>.</summary>
    public async Task ConnectAsync(SyncNode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        await Swarm.DialAsync(other.Address, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (BlockSync is not null)
        {
            await BlockSync.DisposeAsync();
        }

        await Swarm.DisposeAsync();
        Chain.Dispose();
    }
}
