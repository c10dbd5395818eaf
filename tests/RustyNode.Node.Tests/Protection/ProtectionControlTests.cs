using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Protection;

/// <summary>Bans, scores and limits through the control interface of real rustynode processes.</summary>
public class ProtectionControlTests
{
    [Fact]
    [Trait("Clause", "CTL-5.1")]
    [Trait("Clause", "CTL-3.3")]
    [Trait("Clause", "PROT-4.2")]
    [Trait("Clause", "PROT-4.4")]
    public async Task A_ban_disconnects_the_peer_refuses_it_across_a_restart_and_unban_lifts_it()
    {
        using var dataDir = new TempDirectory("rustynode-ban-");
        await using var b = await StartRustyNodeAsync("b");
        string address;
        await using (var a = await StartRustyNodeAsync("a", "--datadir", dataDir.Path))
        {
            address = a.Addresses[0];
            await b.SendOkAsync(Command("connect", ("addr", address)));

            var ban = await a.SendOkAsync(Command("ban", ("peer", b.PeerId), ("seconds", 3600), ("reason", "test")));
            Assert.Equal(b.PeerId, (string?)ban["peer"]);
            Assert.Equal("test", (string?)ban["reason"]);
            await a.WaitForEventAsync(e => (string?)e["type"] == "peer_banned" && (string?)e["peer"] == b.PeerId);
            await a.WaitForEventAsync(e => (string?)e["type"] == "peer_disconnected" && (string?)e["peer"] == b.PeerId);
            await b.WaitForEventAsync(e => (string?)e["type"] == "peer_disconnected" && (string?)e["peer"] == a.PeerId);

            var refused = await b.SendAsync(Command("connect", ("addr", address)));
            Assert.False((bool?)refused["ok"]);
            var bans = (await a.SendOkAsync(Command("bans")))["bans"]!.AsArray();
            Assert.Equal(b.PeerId, (string?)Assert.Single(bans)!["peer"]);
        }

        await using var again = await StartRustyNodeAsync("a again", "--datadir", dataDir.Path);
        var stillRefused = await b.SendAsync(Command("connect", ("addr", again.Addresses[0])));
        Assert.False((bool?)stillRefused["ok"], stillRefused.ToJsonString());
        Assert.Single((await again.SendOkAsync(Command("bans")))["bans"]!.AsArray());

        var unban = await again.SendOkAsync(Command("unban", ("peer", b.PeerId)));
        Assert.True((bool?)unban["wasBanned"]);
        await b.SendOkAsync(Command("connect", ("addr", again.Addresses[0])));
        Assert.Empty((await again.SendOkAsync(Command("bans")))["bans"]!.AsArray());
    }

    [Fact]
    [Trait("Clause", "CTL-2.1")]
    public async Task Peers_shows_each_peers_score()
    {
        await using var a = await StartRustyNodeAsync("a");
        await using var b = await StartRustyNodeAsync("b");
        await b.SendOkAsync(Command("connect", ("addr", a.Addresses[0])));
        await b.SendOkAsync(Command("ping", ("peer", a.PeerId)));

        var peers = (await a.SendOkAsync(Command("peers")))["peers"]!.AsArray();

        var entry = Assert.Single(peers, p => (string?)p!["peer"] == b.PeerId)!;
        Assert.Equal(0.0, (double)entry["score"]!);
    }

    [Theory]
    [Trait("Clause", "PROT-4.4")]
    [InlineData("{\"type\":\"ban\",\"peer\":\"12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN\",\"seconds\":0}")]
    [InlineData("{\"type\":\"ban\",\"peer\":\"not a peer\",\"seconds\":10}")]
    [InlineData("{\"type\":\"ban\",\"peer\":\"12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN\"}")]
    [InlineData("{\"type\":\"unban\"}")]
    public async Task Malformed_ban_commands_fail_with_a_reason_and_ban_nobody(string line)
    {
        await using var a = await StartRustyNodeAsync("a");

        var result = await a.SendAsync((JsonObject)JsonNode.Parse(line)!);

        Assert.False((bool?)result["ok"]);
        Assert.False(string.IsNullOrEmpty((string?)result["error"]));
        Assert.Empty((await a.SendOkAsync(Command("bans")))["bans"]!.AsArray());
    }

    [Fact]
    [Trait("Clause", "CM-1.2")]
    [Trait("Clause", "CTL-5.2")]
    public void Command_line_limits_override_the_environment_which_overrides_the_defaults()
    {
        var environment = new Dictionary<string, string> { ["P2P_MIN_CONNECTIONS"] = "2", ["P2P_MAX_CONNECTIONS"] = "20" };

        var fromEnvironment = NodeOptions.Parse([], environment.GetValueOrDefault);
        var fromCommandLine = NodeOptions.Parse(
            ["--max-connections", "30", "--max-inbound-per-ip", "12", "--max-inbound-per-subnet", "40", "--rate-bytes", "0"], environment.GetValueOrDefault);

        Assert.Equal(2, fromEnvironment.Connections.MinConnections);
        Assert.Equal(20, fromEnvironment.Connections.MaxConnections);
        Assert.Equal(30, fromCommandLine.Connections.MaxConnections);
        Assert.Equal(12, fromCommandLine.Connections.MaxInboundPerIp);
        Assert.Equal(40, fromCommandLine.Connections.MaxInboundPerSubnet);
        Assert.True(double.IsPositiveInfinity(fromCommandLine.Protection.BytesPerSecond));
        Assert.Equal(1_000_000, fromEnvironment.Protection.BytesPerSecond);
        Assert.Equal(32L * 1024 * 1024, fromEnvironment.Resources.MaxConnectionBufferedBytes);
        Assert.Throws<ArgumentException>(() => NodeOptions.Parse(["--min-connections", "60"], _ => null));
    }
}
