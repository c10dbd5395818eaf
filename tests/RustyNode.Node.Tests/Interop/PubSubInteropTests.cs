using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Interop;

/// <summary>
/// rustynode's pubsub against js-libp2p's (@chainsafe/libp2p-gossipsub 14.1.2, @libp2p/floodsub
/// 10.1.46), both daemons at their default settings, each side dialing: the mesh forms, 1000
/// messages each way all arrive, IHAVE/IWANT recovers a message the mesh did not carry, and a js
/// peer sending forged messages is scored down by us.
/// </summary>
public class PubSubInteropTests
{
    private const string Topic = "interop";
    private const int Messages = 1000;

    public static TheoryData<string, bool> Cases => new()
    {
        { "gossipsub", true },
        { "gossipsub", false },
        { "floodsub", true },
        { "floodsub", false },
    };

    [Theory]
    [Trait("Clause", "PS-1.1")]
    [Trait("Clause", "PS-9.1")]
    [Trait("Clause", "PS-9.2")]
    [Trait("Clause", "PS-9.3")]
    [MemberData(nameof(Cases))]
    public async Task Mesh_forms_and_1000_messages_each_way_all_arrive(string router, bool rustyNodeDials)
    {
        await using var rusty = await StartRustyNodeAsync("rustynode", "--pubsub", router, "--topic", Topic);
        await using var js = await StartJsPeerAsync("js-libp2p", "--pubsub", router, "--topic", Topic);
        var (dialer, listener) = rustyNodeDials ? (rusty, js) : (js, rusty);
        await dialer.SendOkAsync(Command("connect", ("addr", listener.Addresses[0])));

        await WaitForMeshAsync(rusty, js.PeerId, router);
        await WaitForMeshAsync(js, rusty.PeerId, router);

        await rusty.SendOkAsync(Command("publish", ("topic", Topic), ("data", Convert.ToBase64String("from rusty"u8)), ("count", Messages)), TimeSpan.FromSeconds(60));
        await js.SendOkAsync(Command("publish", ("topic", Topic), ("data", Convert.ToBase64String("from js"u8)), ("count", Messages)), TimeSpan.FromSeconds(60));

        var atJs = await js.SendOkAsync(Command("received", ("topic", Topic), ("atLeast", Messages), ("timeoutMs", 60_000)), TimeSpan.FromSeconds(70));
        var atRusty = await rusty.SendOkAsync(Command("received", ("topic", Topic), ("atLeast", Messages), ("timeoutMs", 60_000)), TimeSpan.FromSeconds(70));
        Assert.Equal(Messages, (long)atJs["count"]!);
        Assert.Equal(Messages, (long)atRusty["count"]!);

        var fromJs = await rusty.WaitForEventAsync(e => (string?)e["type"] == "message");
        Assert.Equal(Topic, (string?)fromJs["topic"]);
        Assert.Equal(js.PeerId, (string?)fromJs["from"]);
        Assert.Equal("from js"u8.ToArray(), Convert.FromBase64String((string)fromJs["data"]!));
        Assert.Equal(16, ((string)fromJs["seqno"]!).Length);
        var fromRusty = await js.WaitForEventAsync(e => (string?)e["type"] == "message");
        Assert.Equal(rusty.PeerId, (string?)fromRusty["from"]);
        Assert.Equal("from rusty"u8.ToArray(), Convert.FromBase64String((string)fromRusty["data"]!));
        await Eventually(() => Task.FromResult(rusty.SeenEvents().Count(e => (string?)e["type"] == "message") == Messages), "an event for each message");
    }

    [Fact]
    [Trait("Clause", "GS-5.3")]
    [Trait("Clause", "GS-5.4")]
    [Trait("Clause", "GS-4.6")]
    [Trait("Clause", "PS-4.2")]
    public async Task Ihave_and_iwant_recover_a_message_the_mesh_did_not_carry_both_ways()
    {
        await using var rusty = await StartRustyNodeAsync("rustynode", "--topic", Topic);
        await using var js = await StartJsPeerAsync("js-libp2p", "--pubsub", "gossipsub", "--topic", Topic);
        await using var rustyPublisher = await StartRustyNodeAsync("rusty-publisher", "--topic", Topic);
        await using var jsPublisher = await StartJsPeerAsync("js-publisher", "--pubsub", "gossipsub", "--topic", Topic);
        await rusty.SendOkAsync(Command("connect", ("addr", js.Addresses[0])));
        await rustyPublisher.SendOkAsync(Command("connect", ("addr", rusty.Addresses[0])));
        await jsPublisher.SendOkAsync(Command("connect", ("addr", js.Addresses[0])));
        await WaitForMeshAsync(rusty, js.PeerId, "gossipsub");
        await WaitForMeshAsync(js, rusty.PeerId, "gossipsub");
        await WaitForMeshAsync(rusty, rustyPublisher.PeerId, "gossipsub");
        await WaitForMeshAsync(js, jsPublisher.PeerId, "gossipsub");

        // rusty leaves and rejoins: its PRUNEs carry the unsubscribe backoff, so for 10 s nobody
        // grafts rusty or is grafted by it, while everyone stays subscribed and gossips. Each
        // publisher reaches its neighbour directly (flood publishing), which then has no mesh peer
        // to push the message to: the other side can only learn it through IHAVE and fetch it
        // with IWANT.
        await rusty.SendOkAsync(Command("unsubscribe", ("topic", Topic)));
        await rusty.SendOkAsync(Command("subscribe", ("topic", Topic)));
        await Eventually(async () => !await InMeshAsync(js, rusty.PeerId, Topic) && !await InMeshAsync(rusty, js.PeerId, Topic), "rusty and js out of each other's mesh");
        Assert.Empty((await rusty.SendOkAsync(Command("mesh", ("topic", Topic))))["mesh"]!.AsArray());

        await rustyPublisher.SendOkAsync(Command("publish", ("topic", Topic), ("data", Convert.ToBase64String("via gossip to js"u8))));
        await jsPublisher.SendOkAsync(Command("publish", ("topic", Topic), ("data", Convert.ToBase64String("via gossip to rusty"u8))));

        var atJs = await js.WaitForEventAsync(e => (string?)e["type"] == "message" && (string?)e["from"] == rustyPublisher.PeerId, TimeSpan.FromSeconds(8));
        var atRusty = await rusty.WaitForEventAsync(e => (string?)e["type"] == "message" && (string?)e["from"] == jsPublisher.PeerId, TimeSpan.FromSeconds(8));
        Assert.Equal("via gossip to js"u8.ToArray(), Convert.FromBase64String((string)atJs["data"]!));
        Assert.Equal("via gossip to rusty"u8.ToArray(), Convert.FromBase64String((string)atRusty["data"]!));
        Assert.Equal(js.PeerId, (string?)atRusty["receivedFrom"]);
        Assert.False(await InMeshAsync(rusty, js.PeerId, Topic), "rusty and js were meshed again before the messages came");
        Assert.Empty((await rusty.SendOkAsync(Command("mesh", ("topic", Topic))))["mesh"]!.AsArray());
    }

    [Theory]
    [Trait("Clause", "PS-5.3")]
    [Trait("Clause", "GS-7.5")]
    [Trait("Clause", "GS-8.7")]
    [InlineData("gossipsub")]
    [InlineData("floodsub")]
    public async Task A_js_peer_publishing_forged_messages_is_scored_down(string router)
    {
        await using var rusty = await StartRustyNodeAsync("rustynode", "--pubsub", router, "--topic", Topic);
        await using var js = await StartJsPeerAsync("js-libp2p", "--pubsub", router, "--topic", Topic);
        await js.SendOkAsync(Command("connect", ("addr", rusty.Addresses[0])));
        await WaitForMeshAsync(rusty, js.PeerId, router);

        await js.SendOkAsync(Command("publish_forged", ("topic", Topic), ("peer", rusty.PeerId), ("data", Convert.ToBase64String("forged"u8)), ("count", 5)));

        await Eventually(async () => await ScoreAsync(rusty, js.PeerId) < -80, "js graylisted (gossipsub score under -80)");
        var peers = await rusty.SendOkAsync(Command("peers"));
        var reputation = (double)peers["peers"]!.AsArray().Single(p => (string?)p!["peer"] == js.PeerId)!["score"]!;
        Assert.True(reputation <= -30, $"reputation {reputation}: the swarm heard of the invalid messages and the graylisting");
        await Eventually(async () => !await InMeshAsync(rusty, js.PeerId, Topic), "js pruned from our mesh");
        var received = await rusty.SendOkAsync(Command("received", ("topic", Topic)));
        Assert.Equal(0, (long)received["count"]!);
    }

    private static async Task WaitForMeshAsync(ControlledProcess node, string peer, string router) =>
        await Eventually(
            async () =>
            {
                var mesh = await node.SendOkAsync(Command("mesh", ("topic", Topic)));
                return router == "floodsub"
                    ? mesh["peers"]!.AsArray().Any(p => (string?)p!["peer"] == peer)
                    : mesh["mesh"]!.AsArray().Any(p => (string?)p == peer);
            },
            $"{node.Name} meshed with {peer}");

    private static async Task<bool> InMeshAsync(ControlledProcess node, string peer, string topic)
    {
        var mesh = await node.SendOkAsync(Command("mesh", ("topic", topic)));
        return mesh["mesh"]!.AsArray().Any(p => (string?)p == peer);
    }

    private static async Task<double> ScoreAsync(ControlledProcess node, string peer)
    {
        var mesh = await node.SendOkAsync(Command("mesh", ("topic", Topic)));
        return mesh["peers"]!.AsArray().Where(p => (string?)p!["peer"] == peer).Select(p => (double)p!["score"]!).DefaultIfEmpty(0).Single();
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
