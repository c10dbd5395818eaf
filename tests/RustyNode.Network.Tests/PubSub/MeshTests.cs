using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.Tests.PubSub.Testing;
using static RustyNode.Network.Tests.PubSub.Testing.RouterProbe;

namespace RustyNode.Network.Tests.PubSub;

public class MeshTests
{
    [Fact]
    [Trait("Clause", "GS-4.1")]
    [Trait("Clause", "GS-6.4")]
    public async Task Joining_takes_the_fanout_first_then_fills_to_D_and_grafts_each()
    {
        await using var probe = new RouterProbe(new PubSubOptions { FloodPublish = false });
        var peers = await probe.AddSubscribedPeersAsync("t", 10);
        await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        var fanout = probe.Router.GetMeshPeers("t");
        Assert.Equal(6, fanout.Count);
        Assert.Equal(6, peers.Count(p => probe.SentMessages(p).Count == 1));

        using var subscription = probe.Router.Subscribe("t");

        var mesh = probe.Router.GetMeshPeers("t");
        Assert.Equal(6, mesh.Count);
        Assert.Equal(fanout.Select(p => p.ToString()).Order(), mesh.Select(p => p.ToString()).Order());
        Assert.All(peers.Where(p => mesh.Contains(p.PeerId)), p => Assert.Equal("t", probe.SentControl(p).Graft.Single().Topic));
    }

    [Fact]
    [Trait("Clause", "GS-4.3")]
    public async Task Leaving_prunes_the_mesh_with_the_unsubscribe_backoff()
    {
        await using var probe = new RouterProbe();
        var peers = await probe.AddSubscribedPeersAsync("t", 3);
        var subscription = probe.Router.Subscribe("t");
        Array.ForEach(peers, p => probe.Sent(p));

        subscription.Dispose();

        Assert.Empty(probe.Router.GetMeshPeers("t"));
        Assert.All(peers, p =>
        {
            var sent = probe.Sent(p);
            Assert.Equal(new SubscriptionChange(false, "t"), sent.SelectMany(r => r.Subscriptions).Single());
            Assert.Equal(10UL, sent.Select(r => r.Control).OfType<ControlMessage>().SelectMany(c => c.Prune).Single().BackoffSeconds);
        });
    }

    [Fact]
    [Trait("Clause", "GS-4.4")]
    public async Task An_undersubscribed_mesh_is_filled_to_D_at_the_heartbeat()
    {
        await using var probe = new RouterProbe();
        await probe.AddSubscribedPeersAsync("t", 2);
        using var subscription = probe.Router.Subscribe("t");
        Assert.Equal(2, probe.Router.GetMeshPeers("t").Count);

        await probe.AddSubscribedPeersAsync("t", 8);
        probe.Heartbeats();

        Assert.Equal(6, probe.Router.GetMeshPeers("t").Count);
    }

    [Fact]
    [Trait("Clause", "GS-4.4")]
    [Trait("Clause", "GS-8.3")]
    public async Task An_oversubscribed_mesh_keeps_the_best_scored_and_D_out_outbound_peers()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var inbound = await probe.AddSubscribedPeersAsync("t", 12);
        var outbound = await probe.AddSubscribedPeersAsync("t", 2, outbound: true);
        foreach (var peer in inbound.Concat(outbound))
        {
            await probe.SendAsync(peer, Control(graft: [new ControlGraft("t")]));
        }

        Assert.Equal(14, probe.Router.GetMeshPeers("t").Count);
        var best = inbound.Take(4).ToArray();
        Array.ForEach(best, p => probe.Router.SetApplicationScore(p.PeerId, 3));
        Array.ForEach(inbound.Concat(outbound).ToArray(), p => probe.Sent(p));

        probe.Heartbeats();

        var mesh = probe.Router.GetMeshPeers("t");
        Assert.Equal(6, mesh.Count);
        Assert.All(best, p => Assert.Contains(p.PeerId, mesh));
        Assert.All(outbound, p => Assert.Contains(p.PeerId, mesh));
        var pruned = inbound.Where(p => !mesh.Contains(p.PeerId)).ToArray();
        Assert.Equal(8, pruned.Length);
        Assert.All(pruned, p => Assert.Equal(60UL, probe.SentControl(p).Prune.Single().BackoffSeconds));
    }

    [Fact]
    [Trait("Clause", "GS-4.4")]
    public async Task Negative_peers_leave_the_mesh_and_outbound_peers_are_grafted_to_D_out()
    {
        await using var probe = new RouterProbe();
        var inbound = await probe.AddSubscribedPeersAsync("t", 6);
        using var subscription = probe.Router.Subscribe("t");
        var outbound = await probe.AddSubscribedPeersAsync("t", 3, outbound: true);
        Assert.DoesNotContain(probe.Router.GetMeshPeers("t"), p => outbound.Any(o => o.PeerId == p));
        probe.Router.SetApplicationScore(inbound[0].PeerId, -1);

        probe.Heartbeats();

        var mesh = probe.Router.GetMeshPeers("t");
        Assert.DoesNotContain(inbound[0].PeerId, mesh);
        Assert.Single(probe.SentControl(inbound[0]).Prune);
        Assert.Equal(2, outbound.Count(o => mesh.Contains(o.PeerId)));
    }

    [Fact]
    [Trait("Clause", "GS-4.5")]
    public async Task Fanout_is_forgotten_after_the_fanout_ttl_without_publishing()
    {
        await using var probe = new RouterProbe(new PubSubOptions { FloodPublish = false, FanoutTtl = TimeSpan.FromSeconds(5) });
        var peers = await probe.AddSubscribedPeersAsync("t", 8);
        await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        var fanout = probe.Router.GetMeshPeers("t");
        Assert.Equal(6, fanout.Count);

        await probe.SendAsync(peers.First(p => fanout.Contains(p.PeerId)), Subscribe("t", subscribe: false));
        probe.Heartbeats(2);
        Assert.Equal(6, probe.Router.GetMeshPeers("t").Count);

        probe.Heartbeats(5);
        Assert.Empty(probe.Router.GetMeshPeers("t"));
    }

    [Fact]
    [Trait("Clause", "GS-4.6")]
    [Trait("Clause", "GS-4.2")]
    public async Task Gossip_names_recent_ids_to_non_mesh_peers_above_the_gossip_threshold()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 20);
        probe.Heartbeats();
        var mesh = probe.Router.GetMeshPeers("t");
        var others = peers.Where(p => !mesh.Contains(p.PeerId)).ToArray();
        probe.Router.SetApplicationScore(others[0].PeerId, -11);
        var message = SignedBy(peers[0], "t", [1], 1);
        await probe.SendAsync(peers[0], Publish(message));
        Array.ForEach(peers, p => probe.Sent(p));

        probe.Heartbeats();

        var gossiped = peers.Where(p => probe.SentControl(p).IHave.Any(i => i.MessageIds.Contains(IdOf(message, peers[0])))).ToArray();
        Assert.Equal(6, gossiped.Length);
        Assert.All(gossiped, p => Assert.DoesNotContain(p.PeerId, mesh));
        Assert.DoesNotContain(others[0], gossiped);

        // Named in gossip for 3 heartbeats, kept for IWANT for 5.
        probe.Heartbeats(2);
        Array.ForEach(peers, p => probe.Sent(p));
        probe.Heartbeats();
        Assert.All(peers, p => Assert.Empty(probe.SentControl(p).IHave));
        await probe.SendAsync(others[1], Control(iwant: [new ControlIWant([IdOf(message, peers[0])])]));
        Assert.Single(probe.SentMessages(others[1]));
        probe.Heartbeats();
        await probe.SendAsync(others[2], Control(iwant: [new ControlIWant([IdOf(message, peers[0])])]));
        Assert.Empty(probe.SentMessages(others[2]));
    }

    [Fact]
    [Trait("Clause", "GS-4.7")]
    public async Task A_poor_mesh_grafts_better_scored_peers_opportunistically()
    {
        await using var probe = new RouterProbe(new PubSubOptions { OpportunisticGraftTicks = 3 });
        var peers = await probe.AddSubscribedPeersAsync("t", 6);
        using var subscription = probe.Router.Subscribe("t");
        var better = await probe.AddSubscribedPeersAsync("t", 4);
        Array.ForEach(better.Take(2).ToArray(), p => probe.Router.SetApplicationScore(p.PeerId, 4));

        probe.Heartbeats(3);

        var mesh = probe.Router.GetMeshPeers("t");
        Assert.Equal(8, mesh.Count);
        Assert.All(better.Take(2), p => Assert.Contains(p.PeerId, mesh));
        Assert.All(peers, p => Assert.Contains(p.PeerId, mesh));
    }

    [Fact]
    [Trait("Clause", "GS-6.1")]
    public async Task Our_messages_flood_to_every_topic_peer_above_the_publish_threshold()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 10);
        probe.Router.SetApplicationScore(peers[0].PeerId, -51);
        Array.ForEach(peers, p => probe.Sent(p));

        var result = await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);

        Assert.Equal(9, result.Peers);
        Assert.Empty(probe.SentMessages(peers[0]));
        Assert.All(peers.Skip(1), p => Assert.Single(probe.SentMessages(p)));
    }

    [Fact]
    [Trait("Clause", "GS-6.5")]
    [Trait("Clause", "GS-6.4")]
    public async Task Forwarding_goes_to_the_mesh_and_floodsub_peers_but_not_back_or_to_the_author()
    {
        await using var probe = new RouterProbe(new PubSubOptions { FloodPublish = false });
        using var subscription = probe.Router.Subscribe("t");
        var gossip = await probe.AddSubscribedPeersAsync("t", 8);
        var flood = await probe.AddSubscribedPeersAsync("t", 2, PubSubProtocol.Floodsub);
        probe.Heartbeats();
        var mesh = probe.Router.GetMeshPeers("t");
        Assert.Equal(6, mesh.Count);
        Assert.All(flood, f => Assert.DoesNotContain(f.PeerId, mesh));
        var meshPeers = gossip.Where(p => mesh.Contains(p.PeerId)).ToArray();
        var source = meshPeers[0];
        var author = meshPeers[1];
        Array.ForEach(gossip.Concat(flood).ToArray(), p => probe.Sent(p));

        await probe.SendAsync(source, Publish(SignedBy(author, "t", [1], 1)));

        Assert.Empty(probe.SentMessages(source));
        Assert.Empty(probe.SentMessages(author));
        Assert.All(meshPeers.Skip(2), p => Assert.Single(probe.SentMessages(p)));
        Assert.All(flood, p => Assert.Single(probe.SentMessages(p)));
        Assert.All(gossip.Where(p => !mesh.Contains(p.PeerId)), p => Assert.Empty(probe.SentMessages(p)));

        // Our own message without flood publishing: floodsub peers and the mesh.
        await probe.Router.PublishAsync("t", new byte[] { 2 }, CancellationToken.None);
        Assert.All(meshPeers.Concat(flood), p => Assert.Single(probe.SentMessages(p)));
    }
}
