using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Discovery;
using RustyNode.Network.Discovery.Bootstrap;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Tests.Discovery.Kademlia;
using RustyNode.Network.Tests.Swarm;

namespace RustyNode.Network.Tests.Discovery.Bootstrap;

public class BootstrapDiscoveryTests
{
    [Fact]
    [Trait("Clause", "RES-4.1")]
    [Trait("Clause", "RES-4.2")]
    public async Task A_node_with_one_bootstrap_peer_joins_the_dht_and_connects_until_its_minimum()
    {
        var others = new List<(TestSwarm Swarm, KademliaBehaviour Kad)>();
        try
        {
            for (var i = 0; i < 7; i++)
            {
                var kad = new KademliaBehaviour();
                var swarm = await TestSwarm.StartAsync(extra: kad);
                others.Add((swarm, kad));
                if (i > 0)
                {
                    await swarm.Swarm.DialAsync(others[0].Swarm.Address, CancellationToken.None);
                    await Eventually.TrueAsync(() => kad.Node.Routing.Count > 0, "the seed entering the table");
                    await kad.Node.BootstrapAsync(CancellationToken.None);
                }
            }

            // The new node only knows the seed; it wants 5 connections.
            var store = PeerStore.InMemory();
            var options = new ConnectionManagerOptions { MinConnections = 5, TargetOutbound = 8, MaintenanceInterval = TimeSpan.FromMilliseconds(200) };
            options.BootstrapPeers.Add(others[0].Swarm.Address);
            await using var connections = new ConnectionManager(options, store);
            var newKad = new KademliaBehaviour();
            await using var bootstrap = new BootstrapDiscovery(
                new BootstrapOptions { DiscoveryInterval = TimeSpan.FromMilliseconds(200), MaxDiscoveryInterval = TimeSpan.FromSeconds(1) }, newKad, connections, store);
            await using var node = await TestSwarm.StartAsync(extra: [connections, newKad, bootstrap]);
            connections.Start();
            newKad.Start();
            bootstrap.Start();

            await Eventually.TrueAsync(() => bootstrap.Joined, "joining the DHT through the bootstrap peer", seconds: 30);
            await Eventually.TrueAsync(() => connections.ConnectionCount >= 5, "five connections", seconds: 30);
            Assert.True(newKad.Node.Routing.Count >= 5);
            Assert.True(store.Records.Count(r => r.Addresses.Count > 0) >= 5);
            await newKad.DisposeAsync();
        }
        finally
        {
            foreach (var (swarm, kad) in others)
            {
                await kad.DisposeAsync();
                await swarm.DisposeAsync();
            }
        }
    }
}
