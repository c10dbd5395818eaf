using System.Text.Json.Nodes;
using RustyNode.Network.PubSub;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Control;

/// <summary>The pubsub control commands and events between two rustynode daemons at default settings.</summary>
public class PubSubCommandTests
{
    [Fact]
    [Trait("Clause", "PS-9.1")]
    [Trait("Clause", "PS-9.2")]
    [Trait("Clause", "PS-9.3")]
    public async Task Two_daemons_subscribe_publish_and_report_messages()
    {
        await using var a = await StartRustyNodeAsync("a", "--topic", "news");
        await using var b = await StartRustyNodeAsync("b");
        Assert.Equal("news", (string?)(await b.SendOkAsync(Command("subscribe", ("topic", "news"))))["topic"]);
        await b.SendOkAsync(Command("subscribe", ("topic", "quiet"), ("events", false)));
        await a.SendOkAsync(Command("connect", ("addr", b.Addresses[0])));
        await Eventually(async () => (await a.SendOkAsync(Command("mesh", ("topic", "news"))))["mesh"]!.AsArray().Any(p => (string?)p == b.PeerId), "the mesh");

        var published = await a.SendOkAsync(Command("publish", ("topic", "news"), ("data", Convert.ToBase64String([1, 2, 3]))));
        await a.SendOkAsync(Command("publish", ("topic", "quiet"), ("data", Convert.ToBase64String([4])), ("count", 5)));

        var message = await b.WaitForEventAsync(e => (string?)e["type"] == "message");
        Assert.Equal(("news", a.PeerId, a.PeerId), ((string?)message["topic"], (string?)message["from"], (string?)message["receivedFrom"]));
        Assert.Equal([1, 2, 3], Convert.FromBase64String((string)message["data"]!));
        Assert.Equal((string?)published["msgId"], (string?)message["msgId"]);
        Assert.Matches("^[0-9a-f]{16}$", (string)message["seqno"]!);
        Assert.Equal(5, (long)(await b.SendOkAsync(Command("received", ("topic", "quiet"), ("atLeast", 5))))["count"]!);
        Assert.DoesNotContain(b.SeenEvents(), e => (string?)e["topic"] == "quiet");
        var mesh = await b.SendOkAsync(Command("mesh", ("topic", "news")));
        var peer = mesh["peers"]!.AsArray().Single()!;
        Assert.Equal((a.PeerId, PubSubProtocolIds.Meshsub12, true), ((string?)peer["peer"], (string?)peer["protocol"], (bool)peer["inMesh"]!));

        Assert.True((bool)(await b.SendOkAsync(Command("unsubscribe", ("topic", "news"))))["wasSubscribed"]!);
        Assert.False((bool)(await b.SendOkAsync(Command("unsubscribe", ("topic", "news"))))["wasSubscribed"]!);
        Assert.Empty((await b.SendOkAsync(Command("mesh", ("topic", "news"))))["mesh"]!.AsArray());
    }

    public static TheoryData<string> BadCommands => new()
    {
        """{"type":"subscribe"}""",
        """{"type":"publish","topic":"t"}""",
        """{"type":"publish","topic":"t","data":"%%%"}""",
        """{"type":"publish","topic":"t","data":"AA==","count":0}""",
        """{"type":"mesh","topic":""}""",
        """{"type":"received","topic":"t","atLeast":1,"timeoutMs":100}""",
    };

    [Theory]
    [Trait("Clause", "PS-9.1")]
    [MemberData(nameof(BadCommands))]
    public async Task Malformed_pubsub_commands_fail_with_a_reason(string line)
    {
        await using var node = await StartRustyNodeAsync("node");
        var command = JsonNode.Parse(line)!.AsObject();

        var result = await node.SendAsync(command);

        Assert.False((bool?)result["ok"]);
        Assert.False(string.IsNullOrEmpty((string?)result["error"]));
    }

    [Fact]
    [Trait("Clause", "PS-1.2")]
    [Trait("Clause", "PS-9.3")]
    public void Options_choose_the_router_and_the_topics()
    {
        var defaults = NodeOptions.Parse([]);
        var flood = NodeOptions.Parse(["--pubsub", "floodsub", "--topic", "a", "--topic", "b"]);

        Assert.Equal(PubSubRouterKind.Gossipsub, defaults.PubSub.Router);
        Assert.Empty(defaults.Topics);
        Assert.Equal(PubSubRouterKind.Floodsub, flood.PubSub.Router);
        Assert.Equal(["a", "b"], flood.Topics);
        Assert.Throws<ArgumentException>(() => NodeOptions.Parse(["--pubsub", "meshsub"]));
        Assert.Throws<ArgumentException>(() => NodeOptions.Parse(["--topic"]));
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
