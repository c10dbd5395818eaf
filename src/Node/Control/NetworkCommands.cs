using System.Text.Json.Nodes;
using RustyNode.Network.Protection;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Swarm;
using static RustyNode.Node.Control.ControlFields;

namespace RustyNode.Node.Control;

/// <summary>
/// The network's commands (CTL-2, CTL-3: connect, ping, identify, peers, perf, echo, shutdown,
/// bans, ban, unban) with an explicit switch, and the swarm's events as event lines.
/// </summary>
public sealed class NetworkCommands : IControlModule
{
    private readonly NodeHost _host;

    public NetworkCommands(NodeHost host)
    {
        _host = host;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } =
    [
        "connect", "ping", "identify", "peers", "perf", "echo", "shutdown", "bans", "ban", "unban",
    ];

    /// <inheritdoc />
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "connect" => ConnectAsync(command, cancellationToken),
        "ping" => PingAsync(command, cancellationToken),
        "identify" => IdentifyAsync(command, cancellationToken),
        "peers" => Task.FromResult(Peers()),
        "perf" => PerfAsync(command, cancellationToken),
        "echo" => EchoAsync(command, cancellationToken),
        "shutdown" => Task.FromResult(new JsonObject()),
        "bans" => Task.FromResult(Bans()),
        "ban" => Task.FromResult(Ban(command)),
        "unban" => Task.FromResult(Unban(command)),
        _ => throw new ControlException($"Unknown network command '{type}'."),
    };

    /// <inheritdoc />
    public JsonObject? DescribeEvent(SwarmEvent swarmEvent) => swarmEvent switch
    {
        PeerConnected e => new JsonObject
        {
            ["type"] = "peer_connected", ["peer"] = e.Peer.ToString(), ["addr"] = e.Address.ToString(), ["direction"] = ControlServer.Direction(e.Direction),
        },
        PeerDisconnected e => new JsonObject
        {
            ["type"] = "peer_disconnected", ["peer"] = e.Peer.ToString(), ["addr"] = e.Address.ToString(), ["direction"] = ControlServer.Direction(e.Direction),
            ["reason"] = e.Reason,
        },
        PeerIdentified e => new JsonObject
        {
            ["type"] = "peer_identified", ["peer"] = e.Info.Peer.ToString(), ["agentVersion"] = e.Info.AgentVersion,
        },
        PeerBanned e => new JsonObject
        {
            ["type"] = "peer_banned", ["peer"] = e.Peer.ToString(),
            ["until"] = e.Until.ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["reason"] = e.Reason,
        },
        InboundFailure e => new JsonObject
        {
            ["type"] = "inbound_failure", ["addr"] = e.Address?.ToString(), ["reason"] = e.Reason,
        },
        _ => null,
    };

    private async Task<JsonObject> ConnectAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var address = RequiredAddress(command, "addr");
        var connection = await _host.Swarm.DialAsync(address, cancellationToken);
        return new JsonObject { ["peer"] = connection.RemotePeer.ToString(), ["addr"] = connection.RemoteAddress.ToString() };
    }

    private async Task<JsonObject> PingAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var rtt = await _host.Ping.PingAsync(RequiredPeer(command), cancellationToken);
        return new JsonObject { ["rttMs"] = Math.Round(rtt.TotalMilliseconds, 3) };
    }

    private async Task<JsonObject> IdentifyAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var info = await _host.Identify.IdentifyAsync(RequiredPeer(command), cancellationToken);
        return new JsonObject
        {
            ["peer"] = info.Peer.ToString(),
            ["protocolVersion"] = info.ProtocolVersion,
            ["agentVersion"] = info.AgentVersion,
            ["protocols"] = new JsonArray(info.Protocols.Select(p => (JsonNode)p).ToArray()),
            ["listenAddrs"] = new JsonArray(info.ListenAddresses.Select(a => (JsonNode)a.ToString()).ToArray()),
            ["observedAddr"] = info.ObservedAddress?.ToString(),
            ["signedPeerRecord"] = info.HasSignedPeerRecord,
        };
    }

    private JsonObject Peers()
    {
        var peers = new JsonArray();
        foreach (var connection in _host.Swarm.Connections.OrderBy(c => c.Id))
        {
            peers.Add(new JsonObject
            {
                ["peer"] = connection.RemotePeer.ToString(),
                ["addr"] = connection.RemoteAddress.ToString(),
                ["direction"] = ControlServer.Direction(connection.Direction),
                ["muxer"] = connection.MuxerProtocol,
                ["connectedAt"] = connection.OpenedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["score"] = Math.Round(_host.Protection.GetReputation(connection.RemotePeer), 3),
            });
        }

        return new JsonObject { ["peers"] = peers };
    }

    private JsonObject Bans()
    {
        var bans = new JsonArray();
        foreach (var ban in _host.Protection.Bans)
        {
            bans.Add(BanJson(ban));
        }

        return new JsonObject { ["bans"] = bans };
    }

    private JsonObject Ban(JsonObject command)
    {
        var peer = RequiredPeer(command);
        var seconds = RequiredLong(command, "seconds");
        if (seconds == 0 || seconds > ProtectionLimits.MaxBanDuration.TotalSeconds)
        {
            throw new ControlException($"Field \"seconds\" must be between 1 and {ProtectionLimits.MaxBanDuration.TotalSeconds:0}.");
        }

        var reason = command["reason"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "banned by the operator";
        return BanJson(_host.Protection.Ban(peer, TimeSpan.FromSeconds(seconds), reason));
    }

    private JsonObject Unban(JsonObject command)
    {
        var peer = RequiredPeer(command);
        return new JsonObject { ["peer"] = peer.ToString(), ["wasBanned"] = _host.Protection.Unban(peer) };
    }

    private static JsonObject BanJson(PeerBan ban) => new()
    {
        ["peer"] = ban.Peer.ToString(),
        ["until"] = ban.Until.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["reason"] = ban.Reason,
    };

    private async Task<JsonObject> PerfAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var upload = RequiredLong(command, "uploadBytes");
        var download = RequiredLong(command, "downloadBytes");
        var result = await _host.Perf.RunAsync(RequiredPeer(command), upload, download, cancellationToken);
        return new JsonObject
        {
            ["uploadBytes"] = result.UploadBytes,
            ["downloadBytes"] = result.DownloadBytes,
            ["uploadMBps"] = Math.Round(result.UploadMegabytesPerSecond, 1),
            ["downloadMBps"] = Math.Round(result.DownloadMegabytesPerSecond, 1),
            ["seconds"] = Math.Round((result.UploadTime + result.DownloadTime).TotalSeconds, 3),
        };
    }

    private async Task<JsonObject> EchoAsync(JsonObject command, CancellationToken cancellationToken)
    {
        var bytes = RequiredLong(command, "bytes");
        var seed = command["seed"] is JsonValue value && value.TryGetValue<int>(out var s) ? s : 1;
        var elapsed = await _host.Echo.RunAsync(RequiredPeer(command), bytes, seed, cancellationToken);
        return new JsonObject
        {
            ["bytes"] = bytes,
            ["verified"] = true,
            ["MBps"] = Math.Round(bytes / 1e6 / Math.Max(elapsed.TotalSeconds, 1e-9), 1),
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 3),
        };
    }
}
