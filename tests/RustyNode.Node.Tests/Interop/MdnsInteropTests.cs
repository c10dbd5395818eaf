using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Interop;

/// <summary>
/// mDNS inside a network namespace the test creates (loopback only, multicast routed through it):
/// rustynode daemons with --mdns discover each other and a js-libp2p peer running @libp2p/mdns,
/// and the js peer discovers them.
/// </summary>
public class MdnsInteropTests
{
    [Fact]
    [Trait("Clause", "MDNS-1.2")]
    [Trait("Clause", "MDNS-1.3")]
    [Trait("Clause", "MDNS-1.4")]
    [Trait("Clause", "MDNS-2.1")]
    [Trait("Clause", "MDNS-2.2")]
    public async Task Rusty_and_js_peers_in_a_namespace_discover_each_other_over_mdns()
    {
        await using var ns = await NetworkNamespace.CreateAsync();
        await using var rusty = await ns.StartRustyNodeAsync("rusty-a", "--mdns");
        await using var otherRusty = await ns.StartRustyNodeAsync("rusty-b", "--mdns");
        await using var quiet = await ns.StartRustyNodeAsync("rusty-no-mdns");
        await using var js = await ns.StartJsPeerAsync("js", "--mdns");
        var bound = TimeSpan.FromSeconds(60);

        var jsFound = await rusty.WaitForEventAsync(e => IsMdnsDiscovery(e, js.PeerId), bound);
        Assert.Contains(jsFound["addrs"]!.AsArray(), a => js.Addresses[0].StartsWith((string)a!, StringComparison.Ordinal));
        await otherRusty.WaitForEventAsync(e => IsMdnsDiscovery(e, rusty.PeerId), bound);
        await rusty.WaitForEventAsync(e => IsMdnsDiscovery(e, otherRusty.PeerId), bound);
        var rustyFound = await js.WaitForEventAsync(e => Is(e, "peer_discovered") && (string?)e["peerId"] == rusty.PeerId, bound);
        Assert.Contains(rustyFound["addrs"]!.AsArray(), a => rusty.Addresses[0].StartsWith((string)a!, StringComparison.Ordinal));

        // Discovered peers are dialed (MDNS-2.2); the node without --mdns is neither found nor finding.
        await rusty.WaitForEventAsync(e => Is(e, "peer_connected") && (string?)e["peer"] == js.PeerId, bound);
        var peers = await quiet.SendOkAsync(Command("peers"));
        Assert.Empty(peers["peers"]!.AsArray());
        Assert.DoesNotContain(rusty.SeenEvents(), e => Is(e, "peer_discovered") && (string?)e["peerId"] == quiet.PeerId);
    }

    private static bool IsMdnsDiscovery(JsonObject e, string peer) =>
        Is(e, "peer_discovered") && (string?)e["peerId"] == peer && (string?)e["source"] == "mdns";

    private static bool Is(JsonObject e, string type) => (string?)e["type"] == type;
}
