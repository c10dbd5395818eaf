using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Protection;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.ConnectionManagement;

public class ConnectionLimitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "CM-2.1")]
    [Trait("Clause", "CM-1.4")]
    public async Task Inbound_connections_from_one_ip_beyond_the_limit_are_refused_before_the_upgrade()
    {
        // The peers dial from 127.0.0.1, exempt by default (CM-2.3).
        await using var node = await ProtectedNode.StartAsync(connections: new ConnectionManagerOptions { MaxInboundPerIp = 2, MaxInboundPerSubnet = 2, ExemptLoopback = false });
        await using var a = await ProtectedNode.StartAsync();
        await using var b = await ProtectedNode.StartAsync();
        await using var c = await ProtectedNode.StartAsync();

        await a.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await b.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await ProtectedNode.EventuallyAsync(() => node.Connections.ConnectionCount == 2, "two inbound connections");
        var failure = await Assert.ThrowsAsync<SwarmException>(() => c.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout));
        Assert.Contains("it may be at a connection limit", failure.Message, StringComparison.Ordinal);

        var refused = await node.NextAsync<InboundFailure>(e => e.Peer is null && e.Reason.Contains("127.0.0.1", StringComparison.Ordinal));
        Assert.Contains("inbound connections from", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(2, node.Swarm.Connections.Count);
        await a.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    [Trait("Clause", "CM-2.3")]
    public async Task Loopback_connections_are_exempt_from_the_per_ip_limit_by_default()
    {
        await using var node = await ProtectedNode.StartAsync(connections: new ConnectionManagerOptions { MaxInboundPerIp = 1, MaxInboundPerSubnet = 1 });
        await using var a = await ProtectedNode.StartAsync();
        await using var b = await ProtectedNode.StartAsync();
        await using var c = await ProtectedNode.StartAsync();

        await a.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await b.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await c.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await ProtectedNode.EventuallyAsync(() => node.Connections.ConnectionCount == 3, "three inbound connections from 127.0.0.1");
        await c.Ping.PingAsync(node.PeerId, CancellationToken.None).WaitAsync(Timeout);
    }

    [Fact]
    [Trait("Clause", "CM-1.3")]
    [Trait("Clause", "CM-1.4")]
    public async Task Inbound_connections_at_the_maximum_are_refused()
    {
        await using var node = await ProtectedNode.StartAsync(connections: new ConnectionManagerOptions { MinConnections = 0, MaxConnections = 2 });
        await using var a = await ProtectedNode.StartAsync();
        await using var b = await ProtectedNode.StartAsync();
        await using var c = await ProtectedNode.StartAsync();

        await a.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await b.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
        await ProtectedNode.EventuallyAsync(() => node.Connections.ConnectionCount == 2, "two inbound connections");
        var failure = await Assert.ThrowsAsync<SwarmException>(() => c.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout));
        Assert.Contains("it may be at a connection limit", failure.Message, StringComparison.Ordinal);

        var refused = await node.NextAsync<InboundFailure>();
        Assert.Contains("connection limit 2", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Clause", "CM-3.1")]
    [Trait("Clause", "CM-3.2")]
    public async Task Trimming_keeps_the_limit_protects_outbound_and_keeps_the_longest_lived()
    {
        await using var node = await ProtectedNode.StartAsync(connections: new ConnectionManagerOptions { MinConnections = 0, MaxConnections = 3 });
        var inbound = new List<ProtectedNode>();
        var outbound = new List<ProtectedNode>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var peer = await ProtectedNode.StartAsync();
                inbound.Add(peer);
                await peer.Swarm.DialAsync(node.Address, CancellationToken.None).WaitAsync(Timeout);
                await ProtectedNode.EventuallyAsync(() => node.Connections.ConnectionCount == i + 1, "the inbound connection");
            }

            for (var i = 0; i < 2; i++)
            {
                var peer = await ProtectedNode.StartAsync();
                outbound.Add(peer);
                await node.Swarm.DialAsync(peer.Address, CancellationToken.None).WaitAsync(Timeout);
            }

            await ProtectedNode.EventuallyAsync(() => node.Swarm.Connections.Count == 3, "trimming to three connections");
            Assert.All(outbound, p => Assert.Single(node.Swarm.GetConnections(p.PeerId)));
            var kept = Assert.Single(node.Swarm.Connections, c => c.Direction == ConnectionDirection.Inbound);
            Assert.Equal(inbound[0].PeerId, kept.RemotePeer);
        }
        finally
        {
            foreach (var peer in inbound.Concat(outbound))
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    [Trait("Clause", "CM-5.1")]
    [Trait("Clause", "CM-5.2")]
    public async Task A_lost_bootstrap_peer_is_dialed_again_after_the_reconnect_delay()
    {
        var clock = new FakeClock();
        await using var bootstrap = await ProtectedNode.StartAsync();
        var options = new ConnectionManagerOptions();
        options.BootstrapPeers.Add(bootstrap.Address);
        await using var node = await ClockedNode.StartAsync(options, clock);

        await node.Watcher.WaitForConnectionAsync(bootstrap.PeerId, Timeout);
        await bootstrap.Swarm.DisconnectAsync(node.PeerId);
        await node.Watcher.WaitForClosedAsync(bootstrap.PeerId, Timeout);

        // The re-dial waits the reconnect delay on the manager's fake clock: only Advance lets it go.
        Assert.Equal(1, node.Watcher.EstablishedCount(bootstrap.PeerId));
        await clock.AdvanceWhenArmedAsync(options.ReconnectInitialDelay, Timeout);
        await node.Watcher.WaitForConnectionAsync(bootstrap.PeerId, Timeout, count: 2);
        Assert.Equal(bootstrap.Address, node.Store.Get(bootstrap.PeerId)!.Addresses[0].WithP2p(bootstrap.PeerId.ToBytes()));
    }

    [Fact]
    [Trait("Clause", "CM-1.1")]
    [Trait("Clause", "CM-4.1")]
    public async Task Below_the_minimum_stored_peers_are_dialed_and_banned_ones_are_not()
    {
        var clock = new FakeClock();
        await using var known = await ProtectedNode.StartAsync();
        await using var banned = await ProtectedNode.StartAsync();
        using var dataDir = new TempDirectory("rustynode-min-");
        var store = PeerStore.Open(dataDir.Path);
        var seen = DateTimeOffset.UtcNow;

        // Equal scores, and the banned peer seen last: were bans not honoured it would be dialed
        // first (CM-4: best score, then most recently seen), before the known peer's connection.
        store.AddAddress(known.PeerId, known.Swarm.ListenAddresses[0], seen);
        store.AddAddress(banned.PeerId, banned.Swarm.ListenAddresses[0], seen.AddMinutes(1));
        store.Update(banned.PeerId, r => r with { BannedUntil = seen.AddHours(1), BanReason = "test" });
        store.Save();

        var options = new ConnectionManagerOptions { MinConnections = 2 };
        await using var node = await ClockedNode.StartAsync(options, clock, dataDir.Path);

        // One maintenance round, on the manager's fake clock.
        await clock.AdvanceWhenArmedAsync(options.MaintenanceInterval, Timeout);
        await node.Watcher.WaitForConnectionAsync(known.PeerId, Timeout);
        Assert.Equal(0, node.Watcher.EstablishedCount(banned.PeerId));
        Assert.Empty(node.Swarm.GetConnections(banned.PeerId));
        Assert.Equal(ConnectionDirection.Outbound, node.Swarm.GetConnections(known.PeerId)[0].Direction);
    }
}
