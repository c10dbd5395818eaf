using System.Text.Json.Nodes;
using RustyNode.Network.PubSub;
using RustyNode.Network.Swarm;
using static RustyNode.Node.Control.ControlFields;

namespace RustyNode.Node.Control;

/// <summary>
/// Pubsub's commands (PS-9.1: subscribe, unsubscribe, publish, mesh, received) and its message
/// events (PS-9.2).
/// </summary>
public sealed class PubSubCommands : IControlModule
{
    /// <summary>Most messages one publish command may send.</summary>
    public const long MaxPublishCount = 1_000_000;

    private readonly NodeHost _host;

    public PubSubCommands(NodeHost host)
    {
        _host = host;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } = ["subscribe", "unsubscribe", "publish", "mesh", "received"];

    private PubSubRouter Router => _host.PubSub.Router;

    /// <inheritdoc />
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "subscribe" => Task.FromResult(Subscribe(command)),
        "unsubscribe" => Task.FromResult(Unsubscribe(command)),
        "publish" => PublishAsync(command, cancellationToken),
        "mesh" => Task.FromResult(Mesh(command)),
        "received" => ReceivedAsync(command, cancellationToken),
        _ => throw new ControlException($"Unknown pubsub command '{type}'."),
    };

    /// <inheritdoc />
    public JsonObject? DescribeEvent(SwarmEvent swarmEvent) => swarmEvent switch
    {
        PubSubMessageReceived e => new JsonObject
        {
            ["type"] = "message",
            ["topic"] = e.Message.Topic,
            ["from"] = e.Message.Author?.ToString(),
            ["seqno"] = e.Message.Seqno is { } seqno ? seqno.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) : null,
            ["data"] = Convert.ToBase64String(e.Message.Data.Span),
            ["msgId"] = e.Message.Id.ToString(),
            ["receivedFrom"] = e.Message.ReceivedFrom?.ToString(),
        },
        _ => null,
    };

    private JsonObject Subscribe(JsonObject command)
    {
        var topic = RequiredString(command, "topic");
        _host.Topics.Subscribe(topic, OptionalBool(command, "events", true));
        return new JsonObject { ["topic"] = topic };
    }

    private JsonObject Unsubscribe(JsonObject command)
    {
        var topic = RequiredString(command, "topic");
        return new JsonObject { ["topic"] = topic, ["wasSubscribed"] = _host.Topics.Unsubscribe(topic) };
    }

    private async Task<JsonObject> PublishAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var topic = RequiredString(command, "topic");
        var data = RequiredBase64(command, "data");
        var count = OptionalLong(command, "count", 1);
        if (count is < 1 or > MaxPublishCount)
        {
            throw new ControlException($"Field \"count\" must be between 1 and {MaxPublishCount}.");
        }

        PublishResult? last = null;
        for (var i = 0; i < count; i++)
        {
            last = await Router.PublishAsync(topic, data, cancellationToken);
        }

        return new JsonObject { ["msgId"] = last!.Id.ToString(), ["peers"] = last.Peers, ["published"] = count };
    }

    private JsonObject Mesh(JsonObject command)
    {
        var topic = RequiredString(command, "topic");
        var peers = new JsonArray();
        foreach (var peer in Router.GetTopicPeers(topic).OrderBy(p => p.Peer.ToString(), StringComparer.Ordinal))
        {
            peers.Add(new JsonObject
            {
                ["peer"] = peer.Peer.ToString(),
                ["protocol"] = PubSubProtocolIds.ToId(peer.Protocol),
                ["score"] = Math.Round(peer.Score, 3),
                ["inMesh"] = peer.InMesh,
                ["outbound"] = peer.Outbound,
            });
        }

        return new JsonObject
        {
            ["topic"] = topic,
            ["mesh"] = new JsonArray(Router.GetMeshPeers(topic).Select(p => (JsonNode)p.ToString()).ToArray()),
            ["peers"] = peers,
        };
    }

    private async Task<JsonObject> ReceivedAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var topic = RequiredString(command, "topic");
        var atLeast = OptionalLong(command, "atLeast", 0);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(OptionalLong(command, "timeoutMs", 30_000)));
        var count = await _host.Topics.WaitForCountAsync(topic, atLeast, timeout.Token);
        return new JsonObject { ["topic"] = topic, ["count"] = count };
    }
}
