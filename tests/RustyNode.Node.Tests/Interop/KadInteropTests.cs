using System.Text.Json.Nodes;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Identity;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Interop;

/// <summary>
/// The DHT against js-libp2p @libp2p/kad-dht 15 in server mode: a chain rusty ← js ← rusty ← js
/// (each dialing the previous one), where lookups and values must cross both implementations.
/// The rustynode daemons run at their defaults; the js peers run the DHT on the same protocol id.
/// </summary>
public class KadInteropTests
{
    [Theory]
    [Trait("Clause", "KAD-2.1")]
    [Trait("Clause", "KAD-2.4")]
    [Trait("Clause", "KAD-3.3")]
    [Trait("Clause", "KAD-3.7")]
    [InlineData(KademliaOptions.RustyProtocolId)]
    [InlineData(KademliaOptions.IpfsProtocolId)]
    public async Task Lookups_and_values_cross_a_mixed_network_of_js_and_rusty_servers(string protocol)
    {
        string[] rustyArguments = protocol == KademliaOptions.RustyProtocolId ? [] : ["--kad-protocol", protocol];
        await using var r1 = await StartRustyNodeAsync("r1", rustyArguments);
        await using var j1 = await StartJsPeerAsync("j1", "--kad-protocol", protocol, "--connect", r1.Addresses[0]);
        await using var r2 = await StartRustyNodeAsync("r2", [.. rustyArguments, "--connect", j1.Addresses[0]]);
        await using var j2 = await StartJsPeerAsync("j2", "--kad-protocol", protocol, "--connect", r2.Addresses[0]);

        // Each rusty node's table holds its js neighbours once they answered (KAD-1.3).
        await r1.WaitForEventAsync(e => Is(e, "peer_discovered") && (string?)e["peerId"] == j1.PeerId);
        await r2.WaitForEventAsync(e => Is(e, "peer_discovered") && (string?)e["peerId"] == j1.PeerId);
        await r2.WaitForEventAsync(e => Is(e, "peer_discovered") && (string?)e["peerId"] == j2.PeerId);

        // Lookups started on either side reach the far end of the chain.
        var jsFromRusty = await RetryAsync(() => r1.SendAsync(Command("find_peer", ("peer", j2.PeerId))));
        Assert.Contains(jsFromRusty["addrs"]!.AsArray(), a => j2.Addresses[0].StartsWith((string)a!, StringComparison.Ordinal));
        var rustyFromJs = await RetryAsync(() => j2.SendAsync(Command("find_peer", ("peer", r1.PeerId))));
        Assert.Contains(rustyFromJs["addrs"]!.AsArray(), a => r1.Addresses[0].StartsWith((string)a!, StringComparison.Ordinal));

        // A /pk/ record put on one side is read from the other, both ways.
        var r1Key = Convert.ToBase64String(PublicKeyOf(r1.PeerId));
        await r1.SendOkAsync(Command("dht_put", ("key", $"/pk/{r1.PeerId}"), ("value", r1Key)));
        var readByJs = await RetryAsync(() => j2.SendAsync(Command("dht_get", ("key", $"/pk/{r1.PeerId}"))));
        Assert.Equal(r1Key, (string?)readByJs["value"]);

        var j2Key = Convert.ToBase64String(PublicKeyOf(j2.PeerId));
        var putByJs = await j2.SendOkAsync(Command("dht_put", ("key", $"/pk/{j2.PeerId}"), ("value", j2Key)));
        Assert.True((int)putByJs["stored"]! >= 1);
        var readByRusty = await RetryAsync(() => r1.SendAsync(Command("dht_get", ("key", $"/pk/{j2.PeerId}"))));
        Assert.Equal(j2Key, (string?)readByRusty["value"]);

        // Provider records cross too: a topic announced by js is discovered by rusty, and back.
        await j1.SendOkAsync(Command("announce", ("topic", "blocks")));
        var providers = await RetryAsync(() => r2.SendAsync(Command("discover", ("topic", "blocks"))), r => r["peers"]!.AsArray().Count > 0);
        Assert.Equal(j1.PeerId, (string?)providers["peers"]![0]!["peer"]);
        await r2.SendOkAsync(Command("announce", ("topic", "txs")));
        var jsProviders = await RetryAsync(() => j2.SendAsync(Command("discover", ("topic", "txs"))), r => r["peers"]!.AsArray().Count > 0);
        Assert.Equal(r2.PeerId, (string?)jsProviders["peers"]![0]!["peer"]);
    }

    /// <summary>
    /// A DHT answer depends on what the peers' tables hold by then (js adds peers after its own
    /// checks): a lookup that finds nothing is tried again, for a bounded time.
    /// </summary>
    private static async Task<JsonObject> RetryAsync(Func<Task<JsonObject>> attempt, Func<JsonObject, bool>? done = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var result = await attempt();
            if ((bool?)result["ok"] == true && (done is null || done(result)))
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Gave up: {result.ToJsonString()}");
            await Task.Delay(500);
        }
    }

    private static byte[] PublicKeyOf(string peerId) =>
        PeerId.Parse(peerId).TryGetPublicKey(out var key) ? key.ToProtobuf() : throw new InvalidOperationException($"{peerId} does not inline its key.");

    private static bool Is(JsonObject e, string type) => (string?)e["type"] == type;
}
