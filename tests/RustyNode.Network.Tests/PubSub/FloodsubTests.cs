using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.Tests.PubSub.Testing;
using static RustyNode.Network.Tests.PubSub.Testing.RouterProbe;

namespace RustyNode.Network.Tests.PubSub;

public class FloodsubTests
{
    private static PubSubOptions FloodsubOptions => new() { Router = PubSubRouterKind.Floodsub };

    [Fact]
    [Trait("Clause", "PS-6.5")]
    [Trait("Clause", "PS-1.2")]
    public async Task Floodsub_sends_to_every_topic_peer_and_forwards_to_all_but_source_and_author()
    {
        await using var probe = new RouterProbe(FloodsubOptions);
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 3, PubSubProtocol.Floodsub);
        var outsider = probe.AddPeer(PubSubProtocol.Floodsub);
        Array.ForEach(peers, p => probe.Sent(p));

        await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        var relayed = SignedBy(peers[1], "t", [2], 1);
        await probe.SendAsync(peers[0], Publish(relayed));

        Assert.Single(probe.SentMessages(peers[0]));
        Assert.Single(probe.SentMessages(peers[1]));
        Assert.Equal(2, probe.SentMessages(peers[2]).Count);
        Assert.Empty(probe.SentMessages(outsider));
        Assert.Empty(probe.SentControl(peers[2]).Graft);
        Assert.Equal(peers[1].PeerId, (await ReadAsync(subscription)).Author);
    }

    [Fact]
    [Trait("Clause", "PS-6.5")]
    public async Task Floodsub_routers_in_a_line_deliver_end_to_end()
    {
        await using var net = new SimulatedNetwork();
        var nodes = Enumerable.Range(0, 4).Select(_ => net.AddNode(FloodsubOptions)).ToArray();
        var subscriptions = nodes.Select(n => n.Router.Subscribe("t")).ToArray();
        for (var i = 1; i < nodes.Length; i++)
        {
            net.Connect(nodes[i - 1], nodes[i], PubSubProtocol.Floodsub);
        }

        await net.RunForAsync(TimeSpan.FromSeconds(1));
        await nodes[0].Router.PublishAsync("t", new byte[] { 7 }, CancellationToken.None);

        Assert.True(await net.RunUntilAsync(() => subscriptions[3].Delivered == 1, TimeSpan.FromSeconds(2)));
        Assert.Equal([0, 1, 1, 1], subscriptions.Select(s => s.Delivered));
        Assert.All(nodes, n => Assert.Equal(0, n.Router.Counters.Duplicates));
        Array.ForEach(subscriptions, s => s.Dispose());
    }

    [Fact]
    [Trait("Clause", "PS-6.1")]
    public async Task A_new_peer_hears_our_subscriptions_and_every_peer_hears_changes()
    {
        await using var probe = new RouterProbe();
        using var a = probe.Router.Subscribe("a");
        var b = probe.Router.Subscribe("b");
        var peer = probe.AddPeer();

        Assert.Equal([new SubscriptionChange(true, "a"), new SubscriptionChange(true, "b")], probe.Sent(peer).SelectMany(r => r.Subscriptions).OrderBy(s => s.Topic));

        using var c = probe.Router.Subscribe("c");
        b.Dispose();

        Assert.Equal([new SubscriptionChange(true, "c"), new SubscriptionChange(false, "b")], probe.Sent(peer).SelectMany(r => r.Subscriptions));
    }

    [Fact]
    [Trait("Clause", "PS-6.3")]
    [Trait("Clause", "PS-2.2")]
    public async Task Messages_of_topics_we_are_not_in_and_our_own_coming_back_are_ignored()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 2);
        await probe.SendAsync(peers[0], Subscribe(string.Empty));
        var published = await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        var ours = probe.SentMessages(peers[0]).Single();
        probe.Sent(peers[1]);

        await probe.SendAsync(peers[0], Publish(ours, SignedBy(peers[0], "other", [2], 1)));

        Assert.False(subscription.Messages.TryRead(out _));
        Assert.Empty(probe.SentMessages(peers[1]));
        Assert.Equal(1, probe.Router.Counters.Duplicates);
        Assert.Equal(1, probe.Router.Counters.Ignored);
        Assert.Equal(2, probe.Router.GetTopicPeers("t").Count);
        Assert.NotEqual(default, published.Id);
    }

    [Fact]
    [Trait("Clause", "PS-6.4")]
    public async Task A_peer_that_leaves_is_forgotten_with_what_was_queued_for_it()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 2);
        probe.Heartbeats();
        Assert.Equal(2, probe.Router.GetMeshPeers("t").Count);
        await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);

        probe.RemovePeer(peers[0]);

        Assert.Empty(probe.Sent(peers[0]));
        Assert.Equal([peers[1].PeerId], probe.Router.GetMeshPeers("t"));
        Assert.Equal([peers[1].PeerId], probe.Router.GetTopicPeers("t").Select(p => p.Peer));
    }

    internal static async Task<ReceivedMessage> ReadAsync(PubSubSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await subscription.Messages.ReadAsync(timeout.Token);
    }
}
