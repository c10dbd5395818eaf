using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;
using RustyNode.Network.PubSub.Scoring;

namespace RustyNode.Network.Tests.PubSub;

public class OptionsTests
{
    [Fact]
    [Trait("Clause", "GS-2.1")]
    [Trait("Clause", "PS-6.2")]
    [Trait("Clause", "PS-8.3")]
    public void Defaults_are_the_specs()
    {
        var o = new PubSubOptions();

        Assert.Equal((6, 4, 12, 4, 2, 6, 0.25), (o.D, o.DLow, o.DHigh, o.DScore, o.DOut, o.DLazy, o.GossipFactor));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60)), (o.HeartbeatInterval, o.HeartbeatInitialDelay, o.FanoutTtl));
        Assert.Equal((5, 3, TimeSpan.FromMinutes(2)), (o.HistoryLength, o.HistoryGossip, o.SeenTtl));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)), (o.PruneBackoff, o.UnsubscribeBackoff, o.GraftFloodThreshold));
        Assert.Equal((false, 16, 5000, 10, TimeSpan.FromSeconds(3), 3), (o.PeerExchange, o.PrunePeers, o.MaxIHaveLength, o.MaxIHaveMessages, o.IWantFollowupTime, o.GossipRetransmission));
        Assert.Equal((60, 2, 1024, 1000, true), (o.OpportunisticGraftTicks, o.OpportunisticGraftPeers, o.IDontWantMessageThreshold, o.MaxIDontWantMessages, o.FloodPublish));
        Assert.Equal((TimeSpan.FromSeconds(10), 1024 * 1024, SignaturePolicy.StrictSign, PubSubRouterKind.Gossipsub), (o.ValidationTimeout, o.MaxMessageSize, o.SignaturePolicy, o.Router));
        Assert.Equal((512 * 1024, TimeSpan.FromMilliseconds(20), 1024 * 1024, TimeSpan.FromSeconds(5)), (o.MaxBatchSize, o.MinFrameInterval, o.PublishBacklogBytes, o.PublishBacklogTimeout));
        o.Validate();
    }

    public static TheoryData<string> BadSettings => new()
    {
        "DLow", "DHigh", "DScore", "DOut", "Gossip", "History", "Heartbeat", "MessageSize", "IHave", "Thresholds", "Decay",
    };

    [Theory]
    [Trait("Clause", "GS-2.2")]
    [MemberData(nameof(BadSettings))]
    public void Nonsensical_settings_are_refused(string which)
    {
        var o = new PubSubOptions();
        switch (which)
        {
            case "DLow": o.DLow = 7; break;
            case "DHigh": o.DHigh = 5; break;
            case "DScore": o.DScore = 13; break;
            case "DOut": o.DOut = 4; break;
            case "Gossip": o.GossipFactor = 1.5; break;
            case "History": o.HistoryGossip = 6; break;
            case "Heartbeat": o.HeartbeatInterval = TimeSpan.Zero; break;
            case "MessageSize": o.MaxMessageSize = PubSubLimits.MaxConfigurableMessageSize + 1; break;
            case "IHave": o.MaxIHaveLength = 0; break;
            case "Thresholds": o.Thresholds = new PeerScoreThresholds { PublishThreshold = -5 }; break;
            case "Decay": o.DefaultTopicScore = new TopicScoreParameters { InvalidMessageDeliveriesDecay = 1 }; break;
        }

        Assert.Throws<ArgumentException>(o.Validate);
    }

    [Fact]
    [Trait("Clause", "PS-7.2")]
    public void A_peers_queue_drops_messages_and_control_beyond_its_bounds()
    {
        var outbox = new PeerOutbox(0);
        var big = PubSubMessageCodec.Create("t", new byte[1024 * 1024]);
        var accepted = 0;
        while (outbox.TryAddMessage(big))
        {
            accepted++;
        }

        for (var i = 0; i < PubSubLimits.MaxQueuedControlPerPeer + 5; i++)
        {
            outbox.AddGraft(new ControlGraft("t"));
        }

        Assert.Equal(31, accepted);
        Assert.Equal(1, outbox.Dropped);
        Assert.Equal(5, outbox.DroppedControl);
        Assert.True(outbox.QueuedBytes <= PubSubLimits.MaxQueuedBytesPerPeer);
        Assert.True(outbox.TryTake(256 * 1024, out var rpc));
        Assert.Equal(PubSubLimits.MaxQueuedControlPerPeer, rpc.Control!.Graft.Count);
        Assert.Single(rpc.Messages);
    }
}
