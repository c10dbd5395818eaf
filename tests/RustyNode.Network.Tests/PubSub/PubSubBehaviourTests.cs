using RustyNode.Network.Multiformats;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Protection;
using RustyNode.Network.Tests.PubSub.Testing;

namespace RustyNode.Network.Tests.PubSub;

/// <summary>The behaviour over real swarms on 127.0.0.1: streams, negotiation, budgets, hostile frames.</summary>
public class PubSubBehaviourTests
{
    [Fact]
    [Trait("Clause", "PS-1.1")]
    [Trait("Clause", "PS-1.4")]
    [Trait("Clause", "PS-7.1")]
    public async Task Two_gossipsub_nodes_mesh_and_deliver_over_tcp_with_each_frame_charged()
    {
        var limiter = new RecordingLimiter();
        var pubsubA = new PubSubBehaviour();
        var pubsubB = new PubSubBehaviour();
        await using var a = await ProtectedNode.StartAsync(extra: [pubsubA, limiter]);
        await using var b = await ProtectedNode.StartAsync(extra: [pubsubB]);
        using var subA = pubsubA.Router.Subscribe("t");
        using var subB = pubsubB.Router.Subscribe("t");

        await a.Swarm.DialAsync(b.Address, CancellationToken.None);
        await ProtectedNode.EventuallyAsync(() => pubsubA.Router.GetMeshPeers("t").Count == 1 && pubsubB.Router.GetMeshPeers("t").Count == 1, "the mesh");
        for (var i = 0; i < 10; i++)
        {
            await pubsubB.Router.PublishAsync("t", new byte[] { (byte)i }, CancellationToken.None);
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(i, (await FloodsubTests.ReadAsync(subA)).Data.Span[0]);
        }

        Assert.Equal(PubSubProtocol.Meshsub12, pubsubA.Router.GetTopicPeers("t").Single().Protocol);
        var charged = limiter.Acquired.Count(x => x.Peer == b.PeerId && x.Protocol == PubSubProtocolIds.Meshsub12);
        Assert.InRange(charged, 2, 12);
        Assert.Equal(
            [(PubSubProtocolIds.Meshsub12, 1000.0, 2000.0), (PubSubProtocolIds.Meshsub11, 1000.0, 2000.0), (PubSubProtocolIds.Meshsub10, 1000.0, 2000.0), (PubSubProtocolIds.Floodsub, 1000.0, 2000.0)],
            limiter.Requested);
    }

    [Fact]
    [Trait("Clause", "PS-6.2")]
    [Trait("Clause", "PS-7.1")]
    public async Task A_burst_of_messages_leaves_in_few_paced_frames()
    {
        var limiter = new RecordingLimiter();
        var sender = new PubSubBehaviour();
        var receiver = new PubSubBehaviour();
        await using var a = await ProtectedNode.StartAsync(extra: [sender]);
        await using var b = await ProtectedNode.StartAsync(extra: [receiver, limiter]);
        using var subscription = receiver.Router.Subscribe("t");
        await a.Swarm.DialAsync(b.Address, CancellationToken.None);
        await ProtectedNode.EventuallyAsync(() => sender.Router.GetTopicPeers("t").Count == 1, "the subscription");
        var framesBefore = limiter.Acquired.Count(x => x.Protocol == PubSubProtocolIds.Meshsub12);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            await sender.Router.PublishAsync("t", new byte[1024], CancellationToken.None);
        }

        await ProtectedNode.EventuallyAsync(() => subscription.Delivered == 2000, "all 2000 messages", TimeSpan.FromSeconds(60));
        var frames = limiter.Acquired.Count(x => x.Protocol == PubSubProtocolIds.Meshsub12) - framesBefore;
        Assert.InRange(frames, 1, (watch.Elapsed.TotalMilliseconds / 20) + 2);
        Assert.True(frames < 2000 / 5, $"{frames} frames for 2000 messages");
    }

    [Fact]
    [Trait("Clause", "PS-1.4")]
    public async Task When_the_connection_carrying_our_stream_closes_another_connection_takes_over()
    {
        var sender = new PubSubBehaviour();
        var receiver = new PubSubBehaviour();
        await using var a = await ProtectedNode.StartAsync(extra: [sender]);
        await using var b = await ProtectedNode.StartAsync(extra: [receiver]);
        using var subscription = receiver.Router.Subscribe("t");
        await a.Swarm.DialAsync(b.Address, CancellationToken.None);
        await ProtectedNode.EventuallyAsync(() => sender.Router.GetTopicPeers("t").Count == 1, "the subscription");
        await a.Swarm.DialAsync(b.Swarm.ListenAddresses[0], CancellationToken.None);
        await ProtectedNode.EventuallyAsync(() => a.Swarm.GetConnections(b.PeerId).Count == 2, "a second connection");

        await a.Swarm.GetConnections(b.PeerId)[0].DisposeAsync();
        await sender.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);

        Assert.Equal([1], (await FloodsubTests.ReadAsync(subscription)).Data.ToArray());
        Assert.Single(sender.Router.GetTopicPeers("t"));
    }

    [Fact]
    [Trait("Clause", "PS-1.1")]
    public async Task A_floodsub_node_and_a_gossipsub_node_agree_on_floodsub()
    {
        var gossip = new PubSubBehaviour();
        var flood = new PubSubBehaviour(new PubSubOptions { Router = PubSubRouterKind.Floodsub });
        await using var a = await ProtectedNode.StartAsync(extra: [gossip]);
        await using var b = await ProtectedNode.StartAsync(extra: [flood]);
        using var subA = gossip.Router.Subscribe("t");
        using var subB = flood.Router.Subscribe("t");

        await b.Swarm.DialAsync(a.Address, CancellationToken.None);
        await ProtectedNode.EventuallyAsync(() => gossip.Router.GetTopicPeers("t").Count == 1 && flood.Router.GetTopicPeers("t").Count == 1, "subscriptions");
        await gossip.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        await flood.Router.PublishAsync("t", new byte[] { 2 }, CancellationToken.None);

        Assert.Equal([1], (await FloodsubTests.ReadAsync(subB)).Data.ToArray());
        Assert.Equal([2], (await FloodsubTests.ReadAsync(subA)).Data.ToArray());
        Assert.Equal(PubSubProtocol.Floodsub, gossip.Router.GetTopicPeers("t").Single().Protocol);
        Assert.Empty(gossip.Router.GetMeshPeers("t"));
    }

    [Fact]
    [Trait("Clause", "GS-5.2")]
    public async Task Peer_exchange_from_a_trusted_peer_dials_the_peer_its_signed_record_names()
    {
        var pubsub = new PubSubBehaviour();
        await using var a = await ProtectedNode.StartAsync(extra: [pubsub]);
        await using var b = await ProtectedNode.StartAsync();
        await using var c = await ProtectedNode.StartAsync(keySeed: 4242);
        using var subscription = pubsub.Router.Subscribe("t");
        await b.Swarm.DialAsync(a.Address, CancellationToken.None);
        pubsub.Router.SetApplicationScore(b.PeerId, 20);
        using var cKey = RustyNode.Network.Identity.Ed25519PrivateKey.FromSeedNumber(4242);
        var record = new RustyNode.Network.Identity.PeerRecord(c.PeerId, 1, [c.Swarm.ListenAddresses[0].ToBytes()]).Seal(cKey).ToBytes();
        var prune = new PubSubRpc(
            [new SubscriptionChange(true, "t")], [],
            new ControlMessage([], [], [], [new ControlPrune("t", [new PeerExchangeInfo(c.PeerId.ToBytes(), record)], 60)], []));

        await using var stream = await b.Swarm.OpenStreamAsync(a.PeerId, [PubSubProtocolIds.Meshsub12], CancellationToken.None);
        await stream.Output.WriteAsync(PubSubRpcCodec.EncodeFrame(prune));

        await ProtectedNode.EventuallyAsync(() => a.Swarm.GetConnections(c.PeerId).Count > 0, "a dialing c");
    }

    [Fact]
    [Trait("Clause", "GS-8.7")]
    [Trait("Clause", "PS-7.3")]
    public async Task A_peer_that_keeps_sending_forged_messages_is_banned_by_the_swarm()
    {
        var pubsub = new PubSubBehaviour();
        await using var a = await ProtectedNode.StartAsync(extra: [pubsub]);
        await using var b = await ProtectedNode.StartAsync(keySeed: 777);
        using var subscription = pubsub.Router.Subscribe("t");
        using var bKey = RustyNode.Network.Identity.Ed25519PrivateKey.FromSeedNumber(777);
        await b.Swarm.DialAsync(a.Address, CancellationToken.None);
        await using var stream = await b.Swarm.OpenStreamAsync(a.PeerId, [PubSubProtocolIds.Meshsub12], CancellationToken.None);
        await stream.Output.WriteAsync(PubSubRpcCodec.EncodeFrame(Testing.RouterProbe.Subscribe("t")));

        try
        {
            for (var i = 1; i <= 150 && a.Protection.GetBan(b.PeerId) is null; i++)
            {
                var forged = Testing.RouterProbe.SignedBy(bKey, "t", [1], (ulong)i, breakSignature: true);
                await stream.Output.WriteAsync(PubSubRpcCodec.EncodeFrame(Testing.RouterProbe.Publish(forged)));
            }
        }
        catch (IOException)
        {
            // The ban closed the connection under our feet.
        }

        await ProtectedNode.EventuallyAsync(() => a.Protection.GetBan(b.PeerId) is not null, "the ban");
        Assert.Equal(0, subscription.Delivered);
        await ProtectedNode.EventuallyAsync(() => a.Swarm.GetConnections(b.PeerId).Count == 0, "the disconnect");
    }

    [Theory]
    [Trait("Clause", "PS-1.3")]
    [Trait("Clause", "PS-7.3")]
    [InlineData("oversized")]
    [InlineData("malformed")]
    [InlineData("truncated")]
    public async Task A_bad_frame_resets_the_stream_and_costs_the_peer(string kind)
    {
        var pubsub = new PubSubBehaviour();
        await using var a = await ProtectedNode.StartAsync(extra: [pubsub]);
        await using var b = await ProtectedNode.StartAsync();
        await b.Swarm.DialAsync(a.Address, CancellationToken.None);

        await using var stream = await b.Swarm.OpenStreamAsync(a.PeerId, [PubSubProtocolIds.Meshsub12], CancellationToken.None);
        byte[] bytes = kind switch
        {
            "oversized" => Varint.Encode(PubSubLimits.MaxRpcSize + 1UL),
            "malformed" => [0x02, 0x0f, 0x00],
            _ => [0x05, 0x0a, 0x01],
        };
        await stream.Output.WriteAsync(bytes);
        if (kind == "truncated")
        {
            await stream.Output.CompleteAsync();
        }

        await ProtectedNode.EventuallyAsync(() => a.Protection.GetReputation(b.PeerId) < SwarmScoreReasons.InvalidMessageWeight + 1, "the report");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            while (true)
            {
                var result = await stream.Input.ReadAsync(timeout.Token);
                stream.Input.AdvanceTo(result.Buffer.End);
                Assert.False(result.IsCompleted, "the stream ended cleanly instead of being reset");
            }
        });
    }
}
