using System.Text;
using System.Text.Json.Nodes;
using RustyNode.Network.Discovery;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Records;
using RustyNode.Network.Discovery.Resources;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;
using static RustyNode.Node.Control.ControlFields;

namespace RustyNode.Node.Control;

/// <summary>
/// The discovery commands (specs/network/22-resources.md, RES-5): DHT lookups and values, resource
/// and capability announcements, topic discovery, and discovered peers as events.
/// </summary>
public sealed class DiscoveryCommands : IControlModule
{
    /// <summary>Most peers a discover or find_capability command returns.</summary>
    public const int MaxPeersReported = 64;

    private readonly NodeHost _host;

    public DiscoveryCommands(NodeHost host)
    {
        _host = host;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } =
    [
        "discover", "find_peer", "dht_put", "dht_get", "announce", "get_resource", "discover_resources", "find_capability",
    ];

    /// <inheritdoc />
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "discover" => DiscoverAsync(command, cancellationToken),
        "find_peer" => FindPeerAsync(command, cancellationToken),
        "dht_put" => PutAsync(command, cancellationToken),
        "dht_get" => GetAsync(command, cancellationToken),
        "announce" => AnnounceAsync(command, cancellationToken),
        "get_resource" => GetResourceAsync(command, cancellationToken),
        "discover_resources" => DiscoverResourcesAsync(command, cancellationToken),
        "find_capability" => FindCapabilityAsync(command, cancellationToken),
        _ => throw new ControlException($"Unknown discovery command '{type}'."),
    };

    /// <inheritdoc />
    public JsonObject? DescribeEvent(SwarmEvent swarmEvent) => swarmEvent is PeerDiscovered e
        ? new JsonObject { ["type"] = "peer_discovered", ["peerId"] = e.Peer.ToString(), ["addrs"] = Addresses(e.Addresses), ["source"] = e.Source }
        : null;

    /// <summary>A DHT key from its text form (RES-5.2): <c>/pk/&lt;peer id&gt;</c> is /pk/ and the id's bytes, anything else UTF-8.</summary>
    public static byte[] ParseKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith("/pk/", StringComparison.Ordinal) && PeerId.TryParse(text[4..], out var peer)
            ? PublicKeyValidator.KeyFor(peer)
            : Encoding.UTF8.GetBytes(text);
    }

    private async Task<JsonObject> DiscoverAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var topic = RequiredString(command, "topic");
        var found = await Guard(() => _host.ResourceDirectory.FindTopicProvidersAsync(topic, MaxPeersReported, cancellationToken));
        var peers = found.ToDictionary(p => p.Id, p => p.Addresses);
        foreach (var source in _host.TopicPeerSources)
        {
            foreach (var peer in source.PeersOf(topic))
            {
                peers.TryAdd(peer, _host.Kademlia.ListenAddressesOf(peer) ?? []);
            }
        }

        return new JsonObject { ["peers"] = PeerList(peers.Take(MaxPeersReported).Select(p => new KadPeer(p.Key, p.Value))) };
    }

    private async Task<JsonObject> FindPeerAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var peer = RequiredPeer(command);
        var result = await _host.Kademlia.Node.FindPeerAsync(peer, cancellationToken);
        if (result.Peer is null)
        {
            throw new ControlException($"The DHT did not find {peer} ({result.Lookup.Requests} requests).");
        }

        return new JsonObject
        {
            ["peer"] = peer.ToString(), ["addrs"] = Addresses(result.Peer.Addresses), ["hops"] = result.Lookup.Hops, ["requests"] = result.Lookup.Requests,
        };
    }

    private async Task<JsonObject> PutAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var record = new KadRecord(ParseKey(RequiredString(command, "key")), RequiredBase64(command, "value"));
        var stored = await Guard(() => _host.Kademlia.Node.PutValueAsync(record, cancellationToken));
        return new JsonObject { ["stored"] = stored };
    }

    private async Task<JsonObject> GetAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var key = RequiredString(command, "key");
        var result = await Guard(() => _host.Kademlia.Node.GetValueAsync(ParseKey(key), cancellationToken));
        return result.Record is null
            ? throw new ControlException($"No valid record of '{key}' was found ({result.Lookup.Requests} requests).")
            : new JsonObject { ["value"] = Convert.ToBase64String(result.Record.Value), ["copies"] = result.ValidCopies };
    }

    private async Task<JsonObject> AnnounceAsync(JsonObject command, CancellationToken cancellationToken)
    {
        if (OptionalString(command, "topic") is { } topic)
        {
            return new JsonObject { ["announced"] = "topic", ["peers"] = await Guard(() => _host.ResourceDirectory.AnnounceTopicAsync(topic, cancellationToken)) };
        }

        if (OptionalString(command, "capability") is { } capability)
        {
            return new JsonObject { ["announced"] = "capability", ["peers"] = await Guard(() => _host.ResourceDirectory.AnnounceCapabilityAsync(capability, cancellationToken)) };
        }

        var type = RequiredString(command, "resourceType");
        var id = RequiredString(command, "resourceId");
        var data = command["data"] is null ? [] : RequiredBase64(command, "data");
        var ttl = TimeSpan.FromSeconds(RequiredLong(command, "ttl"));
        var resource = await Guard(() => _host.ResourceDirectory.AnnounceResourceAsync(type, id, data, ttl, cancellationToken));
        return new JsonObject { ["announced"] = "resource", ["resource"] = ResourceJson(resource) };
    }

    private async Task<JsonObject> GetResourceAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var type = RequiredString(command, "resourceType");
        var id = RequiredString(command, "resourceId");
        var resource = await Guard(() => _host.ResourceDirectory.GetResourceAsync(type, id, cancellationToken));
        return resource is null ? new JsonObject { ["found"] = false } : new JsonObject { ["found"] = true, ["resource"] = ResourceJson(resource) };
    }

    private async Task<JsonObject> DiscoverResourcesAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var type = RequiredString(command, "resourceType");
        var prefix = OptionalString(command, "idPrefix") ?? string.Empty;
        var found = await Guard(() => _host.ResourceDirectory.DiscoverResourcesAsync(type, r => r.Id.StartsWith(prefix, StringComparison.Ordinal), cancellationToken));
        return new JsonObject { ["resources"] = new JsonArray(found.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => (JsonNode)ResourceJson(r)).ToArray()) };
    }

    private async Task<JsonObject> FindCapabilityAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var capability = RequiredString(command, "capability");
        var peers = await Guard(() => _host.ResourceDirectory.FindCapabilityAsync(capability, MaxPeersReported, cancellationToken));
        return new JsonObject { ["peers"] = PeerList(peers) };
    }

    /// <summary>Turns a refused argument into the command's error.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (ArgumentException ex)
        {
            throw new ControlException(ex.Message);
        }
    }

    private static JsonObject ResourceJson(Resource r) => new()
    {
        ["resourceType"] = r.Type,
        ["resourceId"] = r.Id,
        ["data"] = Convert.ToBase64String(r.Data),
        ["expires"] = r.Expires.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["publisher"] = r.Publisher.ToString(),
    };

    private static JsonArray PeerList(IEnumerable<KadPeer> peers) =>
        new(peers.Select(p => (JsonNode)new JsonObject { ["peer"] = p.Id.ToString(), ["addrs"] = Addresses(p.Addresses) }).ToArray());

    private static JsonArray Addresses(IEnumerable<RustyNode.Network.Addressing.Multiaddr> addresses) =>
        new(addresses.Select(a => (JsonNode)a.ToString()).ToArray());
}
