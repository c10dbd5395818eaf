using System.Text.Json.Nodes;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Identity;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Discovery;

/// <summary>Three rustynode daemons at their defaults, joined through the first: DHT lookups, values, resources, capabilities and topics through the control interface.</summary>
public class DiscoveryDaemonTests
{
    [Fact]
    [Trait("Clause", "RES-5.1")]
    [Trait("Clause", "RES-5.2")]
    [Trait("Clause", "RES-5.3")]
    [Trait("Clause", "RES-5.4")]
    [Trait("Clause", "RES-5.5")]
    public async Task Daemons_joined_through_one_peer_find_each_other_and_share_values_resources_and_topics()
    {
        await using var a = await StartRustyNodeAsync("a");
        await using var b = await StartRustyNodeAsync("b", "--connect", a.Addresses[0]);
        await using var c = await StartRustyNodeAsync("c", "--connect", a.Addresses[0]);
        await b.WaitForEventAsync(e => Is(e, "peer_discovered") && (string?)e["peerId"] == a.PeerId && (string?)e["source"] == "kad");
        await a.WaitForEventAsync(e => Is(e, "peer_discovered") && (string?)e["peerId"] == c.PeerId);

        var found = await b.SendOkAsync(Command("find_peer", ("peer", c.PeerId)));
        Assert.Contains((string?)found["addrs"]![0], c.Addresses.Select(x => x[..x.IndexOf("/p2p/", StringComparison.Ordinal)]));
        Assert.True((int)found["hops"]! >= 1);

        // A /pk/ record: c's own public key, put by c, read by b.
        var cKey = PeerId.Parse(c.PeerId).TryGetPublicKey(out var publicKey) ? publicKey : throw new InvalidOperationException("c's id inlines its key");
        var put = await c.SendOkAsync(Command("dht_put", ("key", $"/pk/{c.PeerId}"), ("value", Convert.ToBase64String(cKey.ToProtobuf()))));
        Assert.True((int)put["stored"]! >= 1);
        var got = await b.SendOkAsync(Command("dht_get", ("key", $"/pk/{c.PeerId}")));
        Assert.Equal(Convert.ToBase64String(cKey.ToProtobuf()), (string?)got["value"]);
        var forged = await b.SendAsync(Command("dht_put", ("key", $"/pk/{c.PeerId}"), ("value", Convert.ToBase64String([1, 2, 3]))));
        Assert.False((bool?)forged["ok"]);

        await c.SendOkAsync(Command("announce", ("resourceType", "storage"), ("resourceId", "disk-1"), ("data", Convert.ToBase64String("10GB"u8.ToArray())), ("ttl", 3600)));
        await a.SendOkAsync(Command("announce", ("resourceType", "storage"), ("resourceId", "tape-2"), ("data", Convert.ToBase64String("1TB"u8.ToArray())), ("ttl", 3600)));
        var resource = await b.SendOkAsync(Command("get_resource", ("resourceType", "storage"), ("resourceId", "disk-1")));
        Assert.True((bool?)resource["found"]);
        Assert.Equal(c.PeerId, (string?)resource["resource"]!["publisher"]);
        var discovered = await b.SendOkAsync(Command("discover_resources", ("resourceType", "storage")));
        Assert.Equal(["disk-1", "tape-2"], discovered["resources"]!.AsArray().Select(r => (string?)r!["resourceId"]));
        var disks = await b.SendOkAsync(Command("discover_resources", ("resourceType", "storage"), ("idPrefix", "disk")));
        Assert.Single(disks["resources"]!.AsArray());

        await c.SendOkAsync(Command("announce", ("capability", "relay")));
        var relays = await a.SendOkAsync(Command("find_capability", ("capability", "relay")));
        Assert.Equal(c.PeerId, (string?)relays["peers"]![0]!["peer"]);

        await a.SendOkAsync(Command("announce", ("topic", "blocks")));
        var topic = await c.SendOkAsync(Command("discover", ("topic", "blocks")));
        Assert.Equal([a.PeerId], topic["peers"]!.AsArray().Select(p => (string?)p!["peer"]));
        var none = await c.SendOkAsync(Command("discover", ("topic", "nobody-here")));
        Assert.Empty(none["peers"]!.AsArray());
    }

    [Fact]
    [Trait("Clause", "KAD-7.1")]
    public void Dht_options_are_parsed_and_checked()
    {
        var defaults = NodeOptions.Parse([], _ => null);
        Assert.Equal(KademliaOptions.RustyProtocolId, defaults.Kademlia.ProtocolId);
        Assert.Equal(KadMode.Server, defaults.Kademlia.Mode);
        Assert.False(defaults.Mdns);

        var set = NodeOptions.Parse(["--kad-protocol", "/ipfs/kad/1.0.0", "--kad-mode", "client", "--mdns"], _ => null);
        Assert.Equal(KademliaOptions.IpfsProtocolId, set.Kademlia.ProtocolId);
        Assert.Equal(KadMode.Client, set.Kademlia.Mode);
        Assert.True(set.Mdns);

        Assert.Throws<ArgumentException>(() => NodeOptions.Parse(["--kad-mode", "both"], _ => null));
        Assert.Throws<ArgumentException>(() => NodeOptions.Parse(["--kad-protocol", "kad"], _ => null));
    }

    [Fact]
    [Trait("Clause", "KAD-4.1")]
    public async Task A_client_mode_daemon_uses_the_dht_without_serving_it()
    {
        await using var server = await StartRustyNodeAsync("server");
        await using var client = await StartRustyNodeAsync("client", "--kad-mode", "client", "--connect", server.Addresses[0]);
        await client.WaitForEventAsync(e => Is(e, "peer_discovered") && (string?)e["peerId"] == server.PeerId);

        var identify = await server.SendOkAsync(Command("identify", ("peer", client.PeerId)));
        Assert.DoesNotContain(KademliaOptions.RustyProtocolId, identify["protocols"]!.AsArray().Select(p => (string?)p));
        var put = await client.SendOkAsync(Command("announce", ("capability", "light-client")));
        Assert.Equal(1, (int)put["peers"]!);
    }

    private static bool Is(JsonObject e, string type) => (string?)e["type"] == type;
}
