using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.Tests.PubSub.Testing;
using static RustyNode.Network.Tests.PubSub.Testing.RouterProbe;

namespace RustyNode.Network.Tests.PubSub;

public class ControlTests
{
    [Fact]
    [Trait("Clause", "GS-5.1")]
    [Trait("Clause", "GS-7.1")]
    public async Task Grafts_are_accepted_ignored_or_answered_with_a_prune()
    {
        await using var probe = new RouterProbe(new PubSubOptions { PeerExchange = true });
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 14);
        foreach (var peer in peers.Take(12))
        {
            await probe.SendAsync(peer, Control(graft: [new ControlGraft("t")]));
        }

        Array.ForEach(peers, p => probe.Sent(p));
        probe.Router.SetApplicationScore(peers[13].PeerId, -1);

        await probe.SendAsync(peers[12], Control(graft: [new ControlGraft("t"), new ControlGraft("unknown")]));
        await probe.SendAsync(peers[13], Control(graft: [new ControlGraft("t")]));

        Assert.Equal(12, probe.Router.GetMeshPeers("t").Count);
        var full = probe.SentControl(peers[12]).Prune.Single();
        Assert.Equal("t", full.Topic);
        Assert.NotEmpty(full.Peers);
        var negative = probe.SentControl(peers[13]).Prune.Single();
        Assert.Empty(negative.Peers);
    }

    [Fact]
    [Trait("Clause", "GS-5.2")]
    public async Task A_prune_removes_the_peer_sets_its_backoff_and_peer_exchange_follows_trusted_peers_only()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 2);
        probe.Heartbeats();
        Assert.Equal(2, probe.Router.GetMeshPeers("t").Count);
        probe.Router.SetApplicationScore(peers[0].PeerId, 10);
        var exchange = new PeerExchangeInfo([1, 2, 3], [4, 5]);

        await probe.SendAsync(peers[0], Control(prune: [new ControlPrune("t", [exchange], 30)]));
        await probe.SendAsync(peers[1], Control(prune: [new ControlPrune("t", [exchange], null)]));

        Assert.Empty(probe.Router.GetMeshPeers("t"));
        Assert.Equal(peers[0].PeerId, probe.Exchanges.Single().From);
        probe.Heartbeats(25);
        Assert.Empty(probe.Router.GetMeshPeers("t"));
        probe.Heartbeats(6);
        Assert.Equal([peers[0].PeerId], probe.Router.GetMeshPeers("t"));
        probe.Heartbeats(30);
        Assert.Equal(2, probe.Router.GetMeshPeers("t").Count);
    }

    [Fact]
    [Trait("Clause", "GS-6.2")]
    [Trait("Clause", "PS-7.3")]
    public async Task Grafting_during_a_backoff_is_refused_and_penalised()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];
        await probe.SendAsync(peer, Control(prune: [new ControlPrune("t", [], 60)]));
        probe.Sent(peer);

        for (var i = 0; i < 3; i++)
        {
            await probe.SendAsync(peer, Control(graft: [new ControlGraft("t")]));
        }

        Assert.Empty(probe.Router.GetMeshPeers("t"));
        Assert.Equal(3, probe.SentControl(peer).Prune.Count);
        Assert.Equal(3, probe.Reports.Count(r => r.Reason == PubSubScoreReasons.GraftDuringBackoff));

        // Each graft after our prune within the flood threshold costs 2: P7 = 6, over the threshold 2 by 4: -10 x 16.
        Assert.Equal(-160, probe.Router.GetScore(peer.PeerId), 3);
    }

    [Fact]
    [Trait("Clause", "GS-6.3")]
    public async Task Prunes_carry_backoff_and_peer_exchange_to_v11_peers_and_neither_to_v10_peers()
    {
        await using var probe = new RouterProbe(new PubSubOptions { PeerExchange = true, PrunePeers = 3 });
        using var subscription = probe.Router.Subscribe("t");
        var v11 = await probe.AddSubscribedPeersAsync("t", 13, PubSubProtocol.Meshsub11, outbound: true);
        var v10 = await probe.AddSubscribedPeersAsync("t", 1, PubSubProtocol.Meshsub10, outbound: true);
        foreach (var peer in v11.Concat(v10))
        {
            await probe.SendAsync(peer, Control(graft: [new ControlGraft("t")]));
        }

        Array.ForEach(v11.Concat(v10).ToArray(), p => probe.Sent(p));
        probe.Router.SetApplicationScore(v10[0].PeerId, -1);
        probe.Heartbeats();

        var mesh = probe.Router.GetMeshPeers("t");
        foreach (var peer in v11.Where(p => !mesh.Contains(p.PeerId)))
        {
            var prune = probe.SentControl(peer).Prune.Single();
            Assert.Equal(60UL, prune.BackoffSeconds);
            Assert.Equal(3, prune.Peers.Count);
            Assert.All(prune.Peers, p => Assert.Null(p.SignedPeerRecord));
            Assert.DoesNotContain(prune.Peers, p => p.PeerId!.AsSpan().SequenceEqual(peer.PeerId.AsSpan()));
        }

        Assert.DoesNotContain(v10[0].PeerId, mesh);
        var v10Prune = probe.SentControl(v10[0]).Prune.Single();
        Assert.Null(v10Prune.BackoffSeconds);
        Assert.Empty(v10Prune.Peers);
    }

    [Fact]
    [Trait("Clause", "GS-5.3")]
    [Trait("Clause", "GS-7.2")]
    public async Task Ihave_asks_for_unseen_ids_of_our_topics_within_the_limits()
    {
        await using var probe = new RouterProbe(new PubSubOptions { MaxIHaveLength = 5, MaxIHaveMessages = 2 });
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 2);
        var seen = SignedBy(peers[0], "t", [1], 1);
        await probe.SendAsync(peers[0], Publish(seen));
        probe.Sent(peers[1]);
        var fresh = Enumerable.Range(10, 8).Select(i => new MessageId([(byte)i])).ToArray();

        await probe.SendAsync(peers[1], Control(ihave: [new ControlIHave("t", [IdOf(seen, peers[0]), fresh[0], fresh[1]]), new ControlIHave("other", [fresh[2]])]));
        var first = probe.SentControl(peers[1]).IWant.Single().MessageIds;
        await probe.SendAsync(peers[1], Control(ihave: [new ControlIHave("t", fresh[3..])]));
        var second = probe.SentControl(peers[1]).IWant.Single().MessageIds;
        await probe.SendAsync(peers[1], Control(ihave: [new ControlIHave("t", fresh[3..])]));
        var third = probe.SentControl(peers[1]).IWant;

        Assert.Equal([fresh[0], fresh[1]], first.OrderBy(i => i.Span[0]));
        Assert.Equal(3, second.Count);
        Assert.Empty(third);
        probe.Heartbeats();
        await probe.SendAsync(peers[1], Control(ihave: [new ControlIHave("t", fresh[3..])]));
        Assert.Equal(5, probe.SentControl(peers[1]).IWant.Single().MessageIds.Count);
    }

    [Fact]
    [Trait("Clause", "GS-5.4")]
    [Trait("Clause", "GS-7.3")]
    public async Task Iwant_is_answered_from_the_cache_at_most_three_times_per_peer()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 3);
        var result = await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        Array.ForEach(peers, p => probe.Sent(p));
        probe.Router.SetApplicationScore(peers[2].PeerId, -11);

        for (var i = 0; i < 4; i++)
        {
            await probe.SendAsync(peers[0], Control(iwant: [new ControlIWant([result.Id, new MessageId([9])])]));
        }

        await probe.SendAsync(peers[1], Control(iwant: [new ControlIWant([result.Id])]));
        await probe.SendAsync(peers[2], Control(iwant: [new ControlIWant([result.Id])]));

        Assert.Equal(3, probe.SentMessages(peers[0]).Count);
        Assert.Single(probe.SentMessages(peers[1]));
        Assert.Empty(probe.SentMessages(peers[2]));
    }

    [Fact]
    [Trait("Clause", "GS-7.4")]
    [Trait("Clause", "PS-7.3")]
    public async Task A_peer_that_does_not_deliver_what_it_announced_is_penalised()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 2);
        var liar = peers[0];
        var honest = peers[1];
        var delivered = SignedBy(honest, "t", [1], 1);

        await probe.SendAsync(liar, Control(ihave: [new ControlIHave("t", [new MessageId([7, 7])])]));
        await probe.SendAsync(honest, Control(ihave: [new ControlIHave("t", [IdOf(delivered, honest)])]));
        await probe.SendAsync(honest, Publish(delivered));
        probe.Advance(TimeSpan.FromSeconds(3.5));

        Assert.Equal(PubSubScoreReasons.BrokenPromise, probe.Reports.Single(r => r.Peer == liar.PeerId).Reason);
        Assert.DoesNotContain(probe.Reports, r => r.Peer == honest.PeerId);
    }

    [Fact]
    [Trait("Clause", "GS-5.5")]
    public async Task Idontwant_goes_to_v12_mesh_peers_for_large_messages_and_is_heeded()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var v12 = await probe.AddSubscribedPeersAsync("t", 3);
        var v11 = await probe.AddSubscribedPeersAsync("t", 1, PubSubProtocol.Meshsub11);
        probe.Heartbeats();
        Assert.Equal(4, probe.Router.GetMeshPeers("t").Count);
        var all = v12.Concat(v11).ToArray();
        Array.ForEach(all, p => probe.Sent(p));
        var large = SignedBy(v12[0], "t", new byte[1024], 1);
        var small = SignedBy(v12[0], "t", new byte[1023], 2);
        var unwanted = SignedBy(v12[0], "t", new byte[10], 3);
        await probe.SendAsync(v12[2], Control(idontwant: [new ControlIDontWant([IdOf(unwanted, v12[0])])]));

        await probe.SendAsync(v12[0], Publish(large, small, unwanted));

        Assert.Empty(probe.SentControl(v12[0]).IDontWant);
        var sentTo1 = probe.Sent(v12[1]);
        Assert.Equal([IdOf(large, v12[0])], sentTo1.Select(r => r.Control).OfType<ControlMessage>().SelectMany(c => c.IDontWant).SelectMany(i => i.MessageIds));
        Assert.Empty(probe.SentControl(v11[0]).IDontWant);
        Assert.Equal(2, probe.SentMessages(v12[2]).Count);

        // Forgotten after mcache_len heartbeats: nothing else changes, the entry just goes.
        probe.Heartbeats(6);
        Assert.Equal(3, probe.Router.Counters.Delivered);
    }

    [Fact]
    [Trait("Clause", "GS-5.5")]
    public async Task Idontwant_ids_beyond_the_per_heartbeat_limit_are_not_heeded()
    {
        await using var probe = new RouterProbe(new PubSubOptions { MaxIDontWantMessages = 2 });
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 2);
        probe.Heartbeats();
        var messages = Enumerable.Range(1, 3).Select(i => SignedBy(peers[0], "t", [1], (ulong)i)).ToArray();
        await probe.SendAsync(peers[1], Control(idontwant: [new ControlIDontWant(messages.Select(m => IdOf(m, peers[0])).ToArray())]));
        probe.Sent(peers[1]);

        await probe.SendAsync(peers[0], Publish(messages));

        Assert.Equal([messages[2].Encoded.ToArray()], probe.SentMessages(peers[1]).Select(m => m.Encoded.ToArray()));
    }

    [Fact]
    [Trait("Clause", "GS-5.6")]
    [Trait("Clause", "PS-6.2")]
    public async Task Control_rides_with_messages_and_waiting_idontwants_merge()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 3);
        probe.Heartbeats();
        Array.ForEach(peers, p => probe.Sent(p));

        await probe.SendAsync(peers[0], Publish(SignedBy(peers[0], "t", new byte[2000], 1), SignedBy(peers[0], "t", new byte[2000], 2)));
        await probe.SendAsync(peers[2], Control(ihave: [new ControlIHave("t", [new MessageId([5])])]));

        var rpc = probe.Sent(peers[1]).Single();
        Assert.Equal(2, rpc.Messages.Count);
        Assert.Equal(2, rpc.Control!.IDontWant.Single().MessageIds.Count);
        var withIWant = probe.Sent(peers[2]).Single();
        Assert.Equal(2, withIWant.Messages.Count);
        Assert.Single(withIWant.Control!.IWant);
    }
}
