using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Control;

public class ControlInterfaceTests
{
    [Fact]
    [Trait("Clause", "CTL-1.1")]
    public async Task Ready_event_names_the_seeded_peer_id_and_dialable_addresses()
    {
        await using var node = await StartRustyNodeAsync("node", "--key-seed", "1");

        Assert.Equal("12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X", node.PeerId);
        var address = Assert.Single(node.Addresses);
        Assert.Matches(@"^/ip4/127\.0\.0\.1/tcp/\d+/p2p/12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X$", address);
    }

    [Fact]
    [Trait("Clause", "CTL-1.3")]
    [Trait("Clause", "CTL-2.1")]
    public async Task Malformed_lines_and_unknown_commands_get_errors_and_the_node_keeps_serving()
    {
        await using var node = await StartRustyNodeAsync("node");

        await node.SendRawLineAsync("{not json");
        await node.WaitForEventAsync(e => (string?)e["type"] == "error" && ((string?)e["error"])!.Contains("Malformed", StringComparison.Ordinal));
        var unknown = await node.SendAsync(Command("fly"));
        Assert.Equal("error", (string?)unknown["type"]);
        Assert.Contains("fly", (string?)unknown["error"], StringComparison.Ordinal);
        var missing = await node.SendAsync(Command("ping"));
        Assert.False((bool?)missing["ok"]);
        Assert.Contains("peer", (string?)missing["error"], StringComparison.Ordinal);
        var badPeer = await node.SendAsync(Command("ping", ("peer", "not-a-peer")));
        Assert.False((bool?)badPeer["ok"]);

        var peers = await node.SendOkAsync(Command("peers"));
        Assert.Empty(peers["peers"]!.AsArray());
    }

    [Fact]
    [Trait("Clause", "CTL-1.2")]
    public async Task Identity_key_is_created_once_and_kept_in_the_data_dir()
    {
        using var dataDir = new TempDirectory("rustynode-id-");
        string first;
        await using (var node = await StartRustyNodeAsync("first", "--datadir", dataDir.Path))
        {
            first = node.PeerId;
            await node.SendOkAsync(Command("shutdown"));
            Assert.Equal(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        }

        await using var again = await StartRustyNodeAsync("second", "--datadir", dataDir.Path);
        Assert.Equal(first, again.PeerId);
        Assert.True(File.Exists(Path.Combine(dataDir.Path, "identity.key")));
    }

    [Fact]
    [Trait("Clause", "CTL-3.1")]
    [Trait("Clause", "CTL-3.2")]
    [Trait("Clause", "PROT-2.3")]
    public async Task Two_rustynodes_connect_ping_identify_perf_and_see_each_other_leave()
    {
        await using var a = await StartRustyNodeAsync("a");
        var b = await StartRustyNodeAsync("b", "--connect", a.Addresses[0]);
        try
        {
            await a.WaitForEventAsync(e => (string?)e["type"] == "peer_connected" && (string?)e["peer"] == b.PeerId);
            var identified = await a.WaitForEventAsync(e => (string?)e["type"] == "peer_identified" && (string?)e["peer"] == b.PeerId);
            Assert.Equal("rustynode/0.1.0", (string?)identified["agentVersion"]);
            var ping = await a.SendOkAsync(Command("ping", ("peer", b.PeerId)));
            Assert.True((double)ping["rttMs"]! >= 0);
            var identify = await a.SendOkAsync(Command("identify", ("peer", b.PeerId)));
            Assert.Equal("rustynode/0.1.0", (string?)identify["agentVersion"]);
            Assert.True((bool?)identify["signedPeerRecord"]);

            // At the defaults, in both dial directions: b dialed a, and each runs perf against the
            // other, 20 MB each way. The upload is unasked at the server, held to its budget
            // (1 MB/s after a 2 MB burst), and never penalised; the download is asked for.
            foreach (var (client, server) in new[] { (b, a), (a, b) })
            {
                var perf = await client.SendOkAsync(
                    Command("perf", ("peer", server.PeerId), ("uploadBytes", 20_000_000), ("downloadBytes", 20_000_000)), TimeSpan.FromSeconds(90));
                Assert.Equal(20_000_000, (long)perf["uploadBytes"]!);
                Assert.Equal(20_000_000, (long)perf["downloadBytes"]!);
                var view = (await server.SendOkAsync(Command("peers")))["peers"]!.AsArray().Single(p => (string?)p!["peer"] == client.PeerId)!;
                Assert.Equal(0.0, (double)view["score"]!);
            }

            await b.SendOkAsync(Command("shutdown"));
            await b.WaitForExitAsync(TimeSpan.FromSeconds(20));
            var left = await a.WaitForEventAsync(e => (string?)e["type"] == "peer_disconnected" && (string?)e["peer"] == b.PeerId);
            Assert.Equal("inbound", (string?)left["direction"]);
        }
        finally
        {
            await b.DisposeAsync();
        }
    }

    [Fact]
    [Trait("Clause", "CTL-1.4")]
    [Trait("Clause", "CTL-1.5")]
    public async Task Ids_of_any_json_type_are_echoed_and_end_of_input_stops_the_node()
    {
        await using var node = await StartRustyNodeAsync("node");

        await node.SendRawLineAsync("{\"type\":\"peers\",\"id\":\"text-id\"}");
        await node.SendRawLineAsync("{\"type\":\"peers\",\"id\":{\"n\":7}}");
        await node.SendRawLineAsync("{\"type\":\"chain\"}");
        var text = await node.WaitForEventAsync(e => (string?)e["type"] == "result" && e["id"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var t) && t == "text-id");
        var nested = await node.WaitForEventAsync(e => (string?)e["type"] == "result" && e["id"] is System.Text.Json.Nodes.JsonObject o && (int?)o["n"] == 7);
        var anonymous = await node.WaitForEventAsync(e => (string?)e["type"] == "result" && e["id"] is null && e["height"] is not null);
        Assert.True((bool?)text["ok"]);
        Assert.True((bool?)nested["ok"]);
        Assert.True((bool?)anonymous["ok"]);

        Assert.Equal(0, await node.CloseInputAndWaitForExitAsync(TimeSpan.FromSeconds(20)));
    }
}
