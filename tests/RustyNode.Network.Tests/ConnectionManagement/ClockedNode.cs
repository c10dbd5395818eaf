using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.ConnectionManagement;

/// <summary>
/// A swarm on 127.0.0.1 with a connection manager whose re-dials and maintenance rounds run on the
/// clock the test gives it (a <see cref="FakeClock"/>), the peer protection that holds the stored
/// bans, and a <see cref="ConnectionWatcher"/>. The swarm itself keeps the real clock: only the
/// manager's timing is under test.
/// </summary>
public sealed class ClockedNode : IAsyncDisposable
{
    private ClockedNode(Network.Swarm.Swarm swarm, PeerStore store, ConnectionManager connections, ConnectionWatcher watcher)
    {
        Swarm = swarm;
        Store = store;
        Connections = connections;
        Watcher = watcher;
    }

    public Network.Swarm.Swarm Swarm { get; }

    public PeerStore Store { get; }

    public ConnectionManager Connections { get; }

    public ConnectionWatcher Watcher { get; }

    public PeerId PeerId => Swarm.LocalPeerId;

    public Multiaddr Address => Swarm.ListenAddresses[0].WithP2p(PeerId.ToBytes());

    public static async Task<ClockedNode> StartAsync(ConnectionManagerOptions connections, TimeProvider clock, string? dataDir = null)
    {
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        var store = dataDir is null ? PeerStore.InMemory() : PeerStore.Open(dataDir);
        var protection = new PeerProtection(new ProtectionOptions { BytesPerSecond = double.PositiveInfinity }, store);
        var manager = new ConnectionManager(connections, store, protection, timeProvider: clock);
        var watcher = new ConnectionWatcher();
        var swarm = new Network.Swarm.Swarm(Ed25519PrivateKey.Generate(), options, [protection, manager, watcher], NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        manager.Start();
        return new ClockedNode(swarm, store, manager, watcher);
    }

    public async ValueTask DisposeAsync()
    {
        await Connections.DisposeAsync();
        await Swarm.DisposeAsync();
    }
}
