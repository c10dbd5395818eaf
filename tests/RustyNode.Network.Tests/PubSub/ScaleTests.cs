using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Scoring;
using RustyNode.Network.Tests.PubSub.Testing;
using Xunit.Abstractions;

namespace RustyNode.Network.Tests.PubSub;

/// <summary>
/// Networks of 100 routers in one process, on a fake clock, over links with simulated latency
/// (10 to 100 ms one way, fixed per link), each node connected to about 8 others at random. The
/// routers run with default settings; the delivery figures are printed for the report.
/// </summary>
public class ScaleTests
{
    private const int Nodes = 100;
    private const string Topic = "blocks";
    private readonly ITestOutputHelper _output;

    public ScaleTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    [Trait("Clause", "GS-4.4")]
    [Trait("Clause", "GS-6.5")]
    public async Task Every_message_of_any_publisher_reaches_every_subscriber_of_100_nodes()
    {
        await using var net = CreateNetwork(seed: 1, deliveryQuota: false);
        var subscriptions = net.Nodes.Select(n => n.Router.Subscribe(Topic)).ToList();
        await net.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.All(net.Nodes, n => Assert.InRange(n.Router.GetMeshPeers(Topic).Count, 4, 12));

        var published = await PublishAsync(net, net.Nodes, count: 200, interval: TimeSpan.FromMilliseconds(50), seed: 2);
        var complete = await net.RunUntilAsync(() => AllDelivered(net.Nodes, published), TimeSpan.FromSeconds(30));

        var (p50, p99, max) = Latencies(net, net.Nodes, published);
        var delivered = net.Nodes.Sum(n => n.Router.Counters.Delivered);
        var duplicates = net.Nodes.Sum(n => n.Router.Counters.Duplicates);
        _output.WriteLine($"100 nodes, degree ~8, link latency 10-100 ms: {published.Count} messages, {delivered} deliveries, "
            + $"latency p50 {p50:0} ms, p99 {p99:0} ms, max {max:0} ms; duplicates per delivered message {duplicates / (double)delivered:0.00}; "
            + $"{net.FramesDelivered} frames");
        Assert.True(complete, "some subscriber missed some message");
        Assert.Equal(published.Count * (Nodes - 1), delivered);
        Assert.True(p99 < 1000, $"p99 {p99} ms: messages should travel the mesh, not wait for gossip");
        subscriptions.ForEach(s => s.Dispose());
    }

    [Fact]
    [Trait("Clause", "GS-8.4")]
    [Trait("Clause", "GS-7.4")]
    [Trait("Clause", "GS-7.5")]
    public async Task Spammers_are_graylisted_withholders_pruned_and_honest_delivery_stays_complete()
    {
        await using var net = CreateNetwork(seed: 3, deliveryQuota: true);
        var spammers = net.Nodes.Where(n => n.Index % 10 == 3).ToHashSet();
        var withholders = net.Nodes.Where(n => n.Index % 10 == 7).ToHashSet();
        var honest = net.Nodes.Where(n => !spammers.Contains(n) && !withholders.Contains(n)).ToList();

        // Withholders take part in every control exchange but never pass a message on.
        net.Filter = (from, _, rpc) => withholders.Contains(from) ? rpc with { Messages = [] } : rpc;
        var subscriptions = net.Nodes.Select(n => n.Router.Subscribe(Topic)).ToList();
        await net.RunForAsync(TimeSpan.FromSeconds(2));

        var published = new List<(MessageId Id, SimNode Publisher, long At)>();
        var random = new Random(4);
        for (var second = 0; second < 30; second++)
        {
            published.AddRange(await PublishAsync(net, honest, count: 10, interval: TimeSpan.FromMilliseconds(100), seed: random.Next()));
            foreach (var spammer in spammers)
            {
                foreach (var victim in net.Nodes.Where(n => n != spammer && net.AreLinked(spammer, n)))
                {
                    var forged = RouterProbe.SignedBy(spammer.Key, Topic, [0xba, 0xd0], (ulong)random.NextInt64(), breakSignature: true);
                    net.Inject(spammer, victim, new PubSubRpc([], [forged], null));
                }
            }
        }

        var complete = await net.RunUntilAsync(() => AllDelivered(honest, published), TimeSpan.FromSeconds(30));
        var (p50, p99, _) = Latencies(net, honest, published);
        var graylistThreshold = honest[0].Router.Options.Thresholds.GraylistThreshold;
        var spamEdges = honest.SelectMany(h => spammers.Where(s => net.AreLinked(h, s)).Select(s => (h, s))).ToList();
        var graylisted = spamEdges.Count(e => e.h.Router.GetScore(e.s.Id) < graylistThreshold);
        var withheldEdges = honest.SelectMany(h => withholders.Where(w => net.AreLinked(h, w)).Select(w => (h, w))).ToList();
        var stillMeshed = withheldEdges.Count(e => e.h.Router.GetMeshPeers(Topic).Contains(e.w.Id));
        _output.WriteLine($"{spammers.Count} spammers, {withholders.Count} withholders, {honest.Count} honest: {published.Count} messages, "
            + $"honest latency p50 {p50:0} ms, p99 {p99:0} ms; spammers graylisted on {graylisted}/{spamEdges.Count} links, "
            + $"withholders still in honest meshes on {stillMeshed}/{withheldEdges.Count} links");

        Assert.True(complete, "an honest subscriber missed an honest message");
        Assert.Equal(spamEdges.Count, graylisted);
        Assert.Equal(0, stillMeshed);
        Assert.All(withheldEdges, e => Assert.True(e.h.Router.GetScore(e.w.Id) < 0, $"{e.w} scores {e.h.Router.GetScore(e.w.Id)} at {e.h}"));
        Assert.All(spamEdges, e => Assert.Contains(e.h.Reports, r => r.Peer == e.s.Id && r.Reason == PubSubScoreReasons.Graylisted));
        subscriptions.ForEach(s => s.Dispose());
    }

    /// <summary>
    /// The network, with the topic registered as a protocol would: a validator that notes when each
    /// message was accepted and, with <paramref name="deliveryQuota"/>, score parameters that turn
    /// on the mesh delivery terms (P3, P3b) with a threshold suited to a topic with a steady rate of
    /// about ten messages a second (without steady traffic, P3 would prune honest peers too).
    /// </summary>
    private static SimulatedNetwork CreateNetwork(int seed, bool deliveryQuota)
    {
        var net = new SimulatedNetwork(seed);
        net.Latency = (a, b) => TimeSpan.FromMilliseconds(10 + ((Math.Min(a.Index, b.Index) * 7919) + (Math.Max(a.Index, b.Index) * 104_729)) % 91);
        var score = deliveryQuota
            ? new TopicScoreParameters
            {
                MeshMessageDeliveriesWeight = -5,
                MeshMessageDeliveriesThreshold = 3,
                MeshMessageDeliveriesCap = 50,
                MeshMessageDeliveriesActivation = TimeSpan.FromSeconds(10),
                MeshMessageDeliveriesWindow = TimeSpan.FromMilliseconds(200),
                MeshFailurePenaltyWeight = -1,
            }
            : null;
        for (var i = 0; i < Nodes; i++)
        {
            var node = net.AddNode();
            node.Router.RegisterTopic(Topic, new TopicOptions
            {
                Score = score,
                Validator = (m, _) =>
                {
                    node.Accepted.TryAdd(m.Id, net.Time.GetTimestamp());
                    return ValueTask.FromResult(ValidationResult.Accept);
                },
            });
        }

        net.ConnectRandomly(8);
        return net;
    }

    private static async Task<List<(MessageId Id, SimNode Publisher, long At)>> PublishAsync(SimulatedNetwork net, List<SimNode> publishers, int count, TimeSpan interval, int seed)
    {
        var random = new Random(seed);
        var published = new List<(MessageId, SimNode, long)>();
        for (var i = 0; i < count; i++)
        {
            var publisher = publishers[random.Next(publishers.Count)];
            var data = new byte[256];
            random.NextBytes(data);
            var result = await publisher.Router.PublishAsync(Topic, data, CancellationToken.None);
            published.Add((result.Id, publisher, net.Time.GetTimestamp()));
            await net.RunForAsync(interval);
        }

        return published;
    }

    private static bool AllDelivered(List<SimNode> subscribers, List<(MessageId Id, SimNode Publisher, long At)> published) =>
        published.All(p => subscribers.All(n => n == p.Publisher || n.Accepted.ContainsKey(p.Id)));

    private static (double P50, double P99, double Max) Latencies(SimulatedNetwork net, List<SimNode> subscribers, List<(MessageId Id, SimNode Publisher, long At)> published)
    {
        var latencies = published
            .SelectMany(p => subscribers.Where(n => n != p.Publisher && n.Accepted.ContainsKey(p.Id)).Select(n => (n.Accepted[p.Id] - p.At) * 1000.0 / net.Time.TimestampFrequency))
            .Order()
            .ToArray();
        return latencies.Length == 0 ? (0, 0, 0) : (latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)], latencies[^1]);
    }
}
