using System.Buffers;
using RustyNode.Network.Discovery;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Identity;
using RustyNode.Network.Multiformats;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Swarm;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

/// <summary>The DHT over real swarms on 127.0.0.1: identify-driven entry, lookups, modes and hostile streams.</summary>
public class KademliaSwarmTests
{
    [Fact]
    [Trait("Clause", "KAD-1.3")]
    [Trait("Clause", "KAD-3.3")]
    [Trait("Clause", "KAD-3.6")]
    public async Task Swarms_joined_through_one_peer_find_each_other_and_share_values()
    {
        var nodes = new List<(TestSwarm Swarm, KademliaBehaviour Kad)>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var kad = new KademliaBehaviour();
                nodes.Add((await TestSwarm.StartAsync(extra: kad), kad));
            }

            var seed = nodes[0];
            foreach (var (swarm, kad) in nodes.Skip(1))
            {
                await swarm.Swarm.DialAsync(seed.Swarm.Address, CancellationToken.None);
                await Eventually.TrueAsync(() => kad.Node.Routing.Get(seed.Swarm.PeerId) is not null, "the seed entering the table after identify");
                await kad.Node.BootstrapAsync(CancellationToken.None);
            }

            var (first, last) = (nodes[1], nodes[^1]);
            var found = await first.Kad.Node.FindPeerAsync(last.Swarm.PeerId, CancellationToken.None);
            Assert.Equal(last.Swarm.PeerId, found.Peer!.Id);
            Assert.Contains(last.Swarm.Swarm.ListenAddresses[0], found.Peer.Addresses);

            var key = Ed25519PrivateKey.FromSeedNumber(42).PublicKey;
            Assert.True(await last.Kad.Node.PutValueAsync(PublicKeyValidator.RecordFor(key), CancellationToken.None) >= 4);
            var got = await nodes[2].Kad.Node.GetValueAsync(PublicKeyValidator.KeyFor(key.ToPeerId()), CancellationToken.None);
            Assert.Equal(key.ToProtobuf(), got.Record!.Value);
        }
        finally
        {
            foreach (var (swarm, kad) in nodes)
            {
                await kad.DisposeAsync();
                await swarm.DisposeAsync();
            }
        }
    }

    [Fact]
    [Trait("Clause", "KAD-4.1")]
    [Trait("Clause", "KAD-2.4")]
    public async Task A_client_neither_serves_nor_announces_and_other_protocol_ids_do_not_mix()
    {
        var serverKad = new KademliaBehaviour();
        var clientKad = new KademliaBehaviour(new KademliaOptions { Mode = KadMode.Client });
        var ipfsKad = new KademliaBehaviour(new KademliaOptions { ProtocolId = KademliaOptions.IpfsProtocolId });
        await using var server = await TestSwarm.StartAsync(extra: serverKad);
        await using var client = await TestSwarm.StartAsync(extra: clientKad);
        await using var ipfs = await TestSwarm.StartAsync(extra: ipfsKad);
        try
        {
            await client.Swarm.DialAsync(server.Address, CancellationToken.None);
            await ipfs.Swarm.DialAsync(server.Address, CancellationToken.None);

            var clientInfo = await server.Identify.IdentifyAsync(client.PeerId, CancellationToken.None);
            var serverInfo = await client.Identify.IdentifyAsync(server.PeerId, CancellationToken.None);
            Assert.DoesNotContain(KademliaOptions.RustyProtocolId, clientInfo.Protocols);
            Assert.Contains(KademliaOptions.RustyProtocolId, serverInfo.Protocols);
            Assert.Empty(clientKad.Protocols);

            // The client uses the server; the server never routes through the client.
            await Eventually.TrueAsync(() => clientKad.Node.Routing.Get(server.PeerId) is not null, "the server entering the client's table");
            Assert.False(await serverKad.Node.AddSeedAsync(client.PeerId, [], CancellationToken.None));
            Assert.Null(serverKad.Node.Routing.Get(client.PeerId));

            // A node on /ipfs/kad/1.0.0 and one on /rusty/kad/1.0.0 do not enter each other's tables.
            Assert.False(await ipfsKad.Node.AddSeedAsync(server.PeerId, [], CancellationToken.None));
            Assert.Equal(0, ipfsKad.Node.Routing.Count);
            Assert.Null(serverKad.Node.Routing.Get(ipfs.PeerId));
        }
        finally
        {
            await serverKad.DisposeAsync();
            await clientKad.DisposeAsync();
            await ipfsKad.DisposeAsync();
        }
    }

    [Fact]
    [Trait("Clause", "KAD-2.2")]
    public async Task An_oversized_frame_resets_the_stream_and_counts_against_the_sender()
    {
        var kad = new KademliaBehaviour();
        var reports = new ReportRecorder();
        await using var server = await TestSwarm.StartAsync(extra: [kad, reports]);
        var opener = new FakeBehaviour("/unused/1", (_, _) => Task.CompletedTask);
        await using var hostile = await TestSwarm.StartAsync(extra: opener);
        await hostile.Swarm.DialAsync(server.Address, CancellationToken.None);

        await using var stream = await opener.Swarm!.OpenStreamAsync(server.PeerId, [KademliaOptions.RustyProtocolId], CancellationToken.None);
        Varint.Write(stream.Output, (ulong)KadLimits.MaxMessageSize + 1);
        await stream.Output.FlushAsync();

        await Assert.ThrowsAsync<Network.Muxing.StreamResetException>(() => stream.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
        await Eventually.TrueAsync(() => reports.Reports.Any(r => r.Peer == hostile.PeerId && r.Weight < 0), "a penalty for the oversized frame");
    }

    [Fact]
    [Trait("Clause", "KAD-4.5")]
    public async Task A_stream_carries_several_requests_and_closes_after_the_limit()
    {
        var kad = new KademliaBehaviour();
        await using var server = await TestSwarm.StartAsync(extra: kad);
        var opener = new FakeBehaviour("/unused/1", (_, _) => Task.CompletedTask);
        await using var client = await TestSwarm.StartAsync(extra: opener);
        await client.Swarm.DialAsync(server.Address, CancellationToken.None);
        await using var stream = await opener.Swarm!.OpenStreamAsync(server.PeerId, [KademliaOptions.RustyProtocolId], CancellationToken.None);

        var answers = 0;
        for (var i = 0; i < KadLimits.MaxRequestsPerStream + 1; i++)
        {
            KadMessageCodec.WriteFrame(stream.Output, KadMessage.Request(KadMessageType.Ping, []));
        }

        await stream.Output.FlushAsync();
        while (true)
        {
            var result = await stream.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            var buffer = result.Buffer;
            while (KadMessageCodec.TryReadFrame(ref buffer, out var answer))
            {
                Assert.Equal(KadMessageType.Ping, answer!.Type);
                answers++;
            }

            stream.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        Assert.Equal(KadLimits.MaxRequestsPerStream, answers);
    }

    [Fact]
    [Trait("Clause", "KAD-1.5")]
    public async Task A_banned_peer_leaves_the_table_and_discovered_peers_are_published()
    {
        var kad = new KademliaBehaviour();
        var otherKad = new KademliaBehaviour();
        await using var node = await TestSwarm.StartAsync(extra: kad);
        await using var other = await TestSwarm.StartAsync(extra: otherKad);
        try
        {
            await node.Swarm.DialAsync(other.Address, CancellationToken.None);
            await Eventually.TrueAsync(() => kad.Node.Routing.Get(other.PeerId) is not null, "the peer entering the table");
            var discovered = await WaitForEventAsync<PeerDiscovered>(node.Swarm, e => e.Peer == other.PeerId);
            Assert.Equal("kad", discovered.Source);

            node.Swarm.Publish(new Network.Protection.PeerBanned(other.PeerId, DateTimeOffset.UtcNow.AddHours(1), "test"));
            Assert.Null(kad.Node.Routing.Get(other.PeerId));
        }
        finally
        {
            await kad.DisposeAsync();
            await otherKad.DisposeAsync();
        }
    }

    private static async Task<T> WaitForEventAsync<T>(Network.Swarm.Swarm swarm, Func<T, bool> match)
        where T : SwarmEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var e in swarm.Events.ReadAllAsync(timeout.Token))
        {
            if (e is T typed && match(typed))
            {
                return typed;
            }
        }

        throw new InvalidOperationException("The event stream ended.");
    }
}
