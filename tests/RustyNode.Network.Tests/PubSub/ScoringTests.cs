using Microsoft.Extensions.Time.Testing;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Scoring;
using RustyNode.Network.Tests.PubSub.Testing;
using static RustyNode.Network.Tests.PubSub.Testing.RouterProbe;

namespace RustyNode.Network.Tests.PubSub;

public class ScoringTests
{
    private static readonly PeerId A = PeerId.FromPublicKey(Ed25519PrivateKey.FromSeedNumber(11).PublicKey);
    private static readonly PeerId B = PeerId.FromPublicKey(Ed25519PrivateKey.FromSeedNumber(12).PublicKey);

    [Fact]
    [Trait("Clause", "GS-8.1")]
    public void Score_is_the_weighted_sum_of_the_v11_terms()
    {
        var time = new FakeTimeProvider();
        var topic = new TopicScoreParameters
        {
            TopicWeight = 2, TimeInMeshWeight = 0.5, TimeInMeshQuantum = TimeSpan.FromSeconds(1), TimeInMeshCap = 10,
            FirstMessageDeliveriesWeight = 1, FirstMessageDeliveriesCap = 3,
            MeshMessageDeliveriesWeight = -1, MeshMessageDeliveriesThreshold = 4, MeshMessageDeliveriesCap = 10,
            MeshMessageDeliveriesActivation = TimeSpan.FromSeconds(5), MeshFailurePenaltyWeight = -1, InvalidMessageDeliveriesWeight = -1,
        };
        var peer = new PeerScoreParameters { TopicScoreCap = 0, AppSpecificWeight = 2, IPColocationFactorWeight = -3, IPColocationFactorThreshold = 1, BehaviourPenaltyWeight = -1, BehaviourPenaltyThreshold = 1 };
        var scorer = new PeerScorer(peer, t => t == "t" ? topic : null, time, TimeSpan.FromMinutes(2));
        scorer.AddPeer(A, "1.2.3.4");
        scorer.AddPeer(B, "1.2.3.4");
        scorer.Graft(A, "t");
        for (var i = 0; i < 5; i++)
        {
            var id = new MessageId([(byte)i]);
            scorer.BeginValidation(id);
            scorer.Accept(A, id, "t");
        }

        scorer.RejectUnverified(A, "t");
        scorer.RejectUnverified(A, "t");
        scorer.SetApplicationScore(A, 1.5);
        scorer.AddPenalty(A, 3);
        time.Advance(TimeSpan.FromSeconds(6.5));

        // Topic: P1 = 6 x 0.5 = 3; P2 = min(5, 3) = 3; P3 = 0 (4 delivered... capped 10, 5 >= 4); P4 = 2^2 x -1 = -4; x weight 2 = 4.
        // P5 = 1.5 x 2 = 3; P6 = (2 - 1)^2 x -3 = -3; P7 = (3 - 1)^2 x -1 = -4.
        Assert.Equal(4 + 3 - 3 - 4, scorer.Score(A), 6);

        // P3: B grafted, delivers nothing; after the activation the deficit 4 costs 16 x -1 x 2.
        scorer.Graft(B, "t");
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal((5 * 0.5 - 16) * 2 - 3, scorer.Score(B), 6);

        // P3b: pruned with the deficit: sticky 16 x -1 x 2, P1 and P3 gone.
        scorer.Prune(B, "t");
        Assert.Equal(-32 - 3, scorer.Score(B), 6);
    }

    [Fact]
    [Trait("Clause", "GS-8.1")]
    public void Positive_topic_contributions_are_capped()
    {
        var time = new FakeTimeProvider();
        var scorer = new PeerScorer(new PeerScoreParameters { TopicScoreCap = 5 }, _ => new TopicScoreParameters(), time, TimeSpan.FromMinutes(2));
        scorer.AddPeer(A, null);
        for (var i = 0; i < 30; i++)
        {
            var id = new MessageId([(byte)i]);
            scorer.BeginValidation(id);
            scorer.Accept(A, id, "t");
        }

        Assert.Equal(5, scorer.Score(A), 6);
    }

    [Fact]
    [Trait("Clause", "GS-8.2")]
    [Trait("Clause", "GS-8.3")]
    public void Defaults_are_the_documented_ones()
    {
        var topic = new TopicScoreParameters();
        var peer = new PeerScoreParameters();
        var thresholds = new PeerScoreThresholds();

        Assert.Equal((1.0, 0.01, TimeSpan.FromSeconds(1), 300.0), (topic.TopicWeight, topic.TimeInMeshWeight, topic.TimeInMeshQuantum, topic.TimeInMeshCap));
        Assert.Equal((0.5, 0.9, 20.0), (topic.FirstMessageDeliveriesWeight, topic.FirstMessageDeliveriesDecay, topic.FirstMessageDeliveriesCap));
        Assert.Equal((0.0, 0.0, 1.0, 20.0), (topic.MeshMessageDeliveriesWeight, topic.MeshFailurePenaltyWeight, topic.MeshMessageDeliveriesThreshold, topic.MeshMessageDeliveriesCap));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10)), (topic.MeshMessageDeliveriesActivation, topic.MeshMessageDeliveriesWindow));
        Assert.Equal((-10.0, 0.999), (topic.InvalidMessageDeliveriesWeight, topic.InvalidMessageDeliveriesDecay));
        Assert.Equal((50.0, 1.0, -5.0, 10), (peer.TopicScoreCap, peer.AppSpecificWeight, peer.IPColocationFactorWeight, peer.IPColocationFactorThreshold));
        Assert.Equal((-10.0, 2.0, 0.9), (peer.BehaviourPenaltyWeight, peer.BehaviourPenaltyThreshold, peer.BehaviourPenaltyDecay));
        Assert.Equal((TimeSpan.FromSeconds(1), 0.01, TimeSpan.FromHours(1)), (peer.DecayInterval, peer.DecayToZero, peer.RetainScore));
        Assert.Equal((-10.0, -50.0, -80.0, 10.0, 5.0), (thresholds.GossipThreshold, thresholds.PublishThreshold, thresholds.GraylistThreshold, thresholds.AcceptPXThreshold, thresholds.OpportunisticGraftThreshold));
        topic.Validate();
        peer.Validate();
        thresholds.Validate();
    }

    public static TheoryData<double, double, double, double, double> BadThresholds => new()
    {
        { 1, -50, -80, 10, 5 },
        { -10, -5, -80, 10, 5 },
        { -10, -50, -50, 10, 5 },
        { -10, -50, -80, -1, 5 },
        { -10, -50, -80, 10, -1 },
    };

    [Theory]
    [Trait("Clause", "GS-8.3")]
    [MemberData(nameof(BadThresholds))]
    public void Thresholds_out_of_order_are_refused(double gossip, double publish, double graylist, double acceptPx, double opportunistic)
    {
        var thresholds = new PeerScoreThresholds
        {
            GossipThreshold = gossip, PublishThreshold = publish, GraylistThreshold = graylist, AcceptPXThreshold = acceptPx, OpportunisticGraftThreshold = opportunistic,
        };

        Assert.Throws<ArgumentException>(thresholds.Validate);
    }

    [Fact]
    [Trait("Clause", "GS-8.4")]
    public void Deliveries_reward_first_and_near_first_mesh_copies_and_punish_every_copy_of_a_rejected_message()
    {
        var time = new FakeTimeProvider();
        var topic = new TopicScoreParameters { MeshMessageDeliveriesWeight = -1, FirstMessageDeliveriesWeight = 1, TimeInMeshWeight = 0 };
        var scorer = new PeerScorer(new PeerScoreParameters(), _ => topic, time, TimeSpan.FromMinutes(2));
        var c = PeerId.FromPublicKey(Ed25519PrivateKey.FromSeedNumber(13).PublicKey);
        foreach (var p in new[] { A, B, c })
        {
            scorer.AddPeer(p, null);
            scorer.Graft(p, "t");
        }

        // Accepted: A first (P2, P3); B during validation (P3); C long after (nothing).
        var good = new MessageId([1]);
        scorer.BeginValidation(good);
        scorer.Duplicate(B, good, "t");
        scorer.Accept(A, good, "t");
        time.Advance(TimeSpan.FromSeconds(1));
        scorer.Duplicate(c, good, "t");
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1 - 0, scorer.Score(A), 6);
        Assert.Equal(0, scorer.Score(B), 6);
        Assert.Equal(-1, scorer.Score(c), 6);

        // Rejected: A first, B during validation, C after: all get P4.
        var bad = new MessageId([2]);
        scorer.BeginValidation(bad);
        scorer.Duplicate(B, bad, "t");
        scorer.Reject(A, bad, "t");
        scorer.Duplicate(c, bad, "t");
        Assert.Equal(1 - 10, scorer.Score(A), 6);
        Assert.Equal(-10, scorer.Score(B), 6);
        Assert.Equal(-1 - 10, scorer.Score(c), 6);

        // Ignored: nobody earns anything.
        var ignored = new MessageId([3]);
        scorer.BeginValidation(ignored);
        scorer.Ignore(ignored);
        scorer.Duplicate(B, ignored, "t");
        Assert.Equal(-10, scorer.Score(B), 6);
    }

    [Fact]
    [Trait("Clause", "GS-8.5")]
    public void Counters_decay_once_per_interval_and_vanish_near_zero()
    {
        var time = new FakeTimeProvider();
        var scorer = new PeerScorer(new PeerScoreParameters { BehaviourPenaltyThreshold = 0 }, _ => new TopicScoreParameters { InvalidMessageDeliveriesDecay = 0.5 }, time, TimeSpan.FromMinutes(2));
        scorer.AddPeer(A, null);
        scorer.AddPenalty(A, 1);
        scorer.RejectUnverified(A, "t");
        Assert.Equal(-10 - 10, scorer.Score(A), 6);

        time.Advance(TimeSpan.FromSeconds(1));
        scorer.Refresh();
        Assert.Equal((-10 * 0.25) + (-10 * 0.81), scorer.Score(A), 6);

        time.Advance(TimeSpan.FromSeconds(3));
        scorer.Refresh();
        Assert.Equal((-10 * 0.5 * 0.5 * 0.5 * 0.5 * 0.0625) + (-10 * Math.Pow(0.9, 8)), scorer.Score(A), 6);

        time.Advance(TimeSpan.FromSeconds(60));
        scorer.Refresh();
        Assert.Equal(0, scorer.Score(A));
    }

    [Fact]
    [Trait("Clause", "GS-8.6")]
    public void A_negative_score_survives_a_reconnect_and_a_positive_one_does_not()
    {
        var time = new FakeTimeProvider();
        var scorer = new PeerScorer(new PeerScoreParameters(), _ => new TopicScoreParameters(), time, TimeSpan.FromMinutes(2));
        scorer.AddPeer(A, null);
        scorer.AddPeer(B, null);
        scorer.RejectUnverified(A, "t");
        scorer.SetApplicationScore(B, 5);

        scorer.RemovePeer(A);
        scorer.RemovePeer(B);
        scorer.AddPeer(A, null);
        scorer.AddPeer(B, null);

        Assert.Equal(-10, scorer.Score(A), 6);
        Assert.Equal(0, scorer.Score(B));
        scorer.RemovePeer(A);
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2));
        scorer.Refresh();
        scorer.AddPeer(A, null);
        Assert.Equal(0, scorer.Score(A));
    }

    [Fact]
    [Trait("Clause", "GS-8.1")]
    public async Task Many_peers_on_one_ip_are_penalised_by_colocation()
    {
        await using var probe = new RouterProbe();
        var crowd = Enumerable.Range(0, 12).Select(_ => probe.AddPeer(ip: "192.0.2.1")).ToArray();
        var alone = probe.AddPeer(ip: "192.0.2.2");

        Assert.Equal(-5 * 4, probe.Router.GetScore(crowd[0].PeerId), 6);
        Assert.Equal(0, probe.Router.GetScore(alone.PeerId));
    }

    [Fact]
    [Trait("Clause", "GS-7.5")]
    [Trait("Clause", "GS-8.7")]
    [Trait("Clause", "PS-7.3")]
    public async Task A_peer_sending_invalid_messages_is_graylisted_and_the_swarm_hears_of_it()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 2);
        var spammer = peers[0];
        probe.Heartbeats();

        await probe.SendAsync(spammer, Publish(Enumerable.Range(1, 3).Select(i => SignedBy(spammer, "t", [1], (ulong)i, breakSignature: true)).ToArray()));
        var good = SignedBy(spammer, "t", [2], 10);
        await probe.SendAsync(spammer, new PubSubRpc([new SubscriptionChange(false, "t")], [good], new ControlMessage([], [], [new ControlGraft("t")], [], [])));

        Assert.True(probe.Router.GetScore(spammer.PeerId) < probe.Router.Options.Thresholds.GraylistThreshold);
        Assert.False(subscription.Messages.TryRead(out _));
        Assert.Contains(spammer.PeerId, probe.Router.GetTopicPeers("t").Select(p => p.Peer));
        Assert.Equal(3, probe.Router.Counters.Rejected);
        Assert.True(probe.Router.Counters.GraylistedRpcs >= 1);
        Assert.Equal(1, probe.Reports.Count(r => r.Peer == spammer.PeerId && r.Reason == PubSubScoreReasons.Graylisted));
        Assert.Equal(
            (3 * PubSubScoreReasons.InvalidMessageWeight) + PubSubScoreReasons.GraylistedWeight + PubSubScoreReasons.GraylistedRpcWeight,
            probe.Reports.Where(r => r.Peer == spammer.PeerId).Sum(r => r.Weight));

        probe.Heartbeats();
        Assert.DoesNotContain(spammer.PeerId, probe.Router.GetMeshPeers("t"));
    }
}
