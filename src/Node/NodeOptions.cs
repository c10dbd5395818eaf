using System.Globalization;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Protection;
using RustyNode.Network.Resources;
using RustyNode.Network.Transport.Tcp;
using RustyNode.Network.Transport.WebSockets;
using RustyNode.Network.PubSub;

namespace RustyNode.Node;

/// <summary>The daemon's settings, from the command line. Defaults live here and only here.</summary>
public sealed class NodeOptions
{
    /// <summary>Addresses to listen on (--listen, repeatable). Default /ip4/127.0.0.1/tcp/0 when none given.</summary>
    public List<Multiaddr> Listen { get; } = [];

    /// <summary>Peers to connect to and stay connected with (--connect, repeatable).</summary>
    public List<Multiaddr> Connect { get; } = [];

    /// <summary>A deterministic identity for tests (--key-seed N); null keeps a key in the data dir.</summary>
    public ulong? KeySeed { get; set; }

    /// <summary>Preferred muxer (--muxer yamux|mplex). Default yamux; the other is still accepted.</summary>
    public string Muxer { get; set; } = "yamux";

    /// <summary>Data directory (--datadir). Default ./.rustynode under the working directory.</summary>
    public string DataDir { get; set; } = Path.Combine(Environment.CurrentDirectory, ".rustynode");

    /// <summary>Chain (--network mainnet|testnet|regtest). Default regtest.</summary>
    public string Network { get; set; } = "regtest";

    /// <summary>Control interface (--control stdio|none). Default none.</summary>
    public string Control { get; set; } = "none";

    /// <summary>Minimum log level on stderr (--log-level). Default Information.</summary>
    public string LogLevel { get; set; } = "Information";

    /// <summary>Agent version announced in identify.</summary>
    public string AgentVersion { get; set; } = "rustynode/0.1.0";

    /// <summary>
    /// Connection limits (--min-connections, --max-connections, --max-inbound-per-ip, --max-inbound-per-subnet, or the
    /// environment variables P2P_MIN_CONNECTIONS and P2P_MAX_CONNECTIONS; the command line wins).
    /// The --connect peers are its bootstrap peers.
    /// </summary>
    public ConnectionManagerOptions Connections { get; } = new();

    /// <summary>
    /// Budgets for unasked traffic and bans (--rate-messages N, --rate-bytes N: per second per peer, burst the same,
    /// 0 for no limit; --ban-threshold N: ban below -N).
    /// </summary>
    public ProtectionOptions Protection { get; } = new();

    /// <summary>Block sync (window, in-flight bound, timeouts); defaults only, not on the command line.</summary>
    public RustyNode.Protocols.BlockSync.BlockSyncOptions BlockSync { get; } = new();

    /// <summary>Compact block relay (--compact-blocks on|off, default on; specs/protocols/03-compact-blocks.md).</summary>
    public RustyNode.Protocols.BlockSync.CompactBlocks.Relay.CompactBlocksOptions CompactBlocks { get; } = new();

    /// <summary>The memory budget for what peers make the node hold (specs/network/16-resource-limits.md); defaults only.</summary>
    public ResourceOptions Resources { get; } = new();
    /// <summary>The DHT (--kad-protocol ID, default /rusty/kad/1.0.0; --kad-mode client|server, default server).</summary>
    public KademliaOptions Kademlia { get; } = new();

    /// <summary>mDNS discovery on the local network (--mdns). Default off.</summary>
    public bool Mdns { get; set; }
    /// <summary>How transactions are relayed (--tx-relay inv|gossipsub, TX-9). Default inv (/rusty/tx-prop/1.0).</summary>
    public string TxRelay { get; set; } = "inv";

    /// <summary>The pubsub router (--pubsub gossipsub|floodsub). Default gossipsub with the spec's parameters (PS-1.2).</summary>
    public PubSubOptions PubSub { get; } = new();

    /// <summary>Topics subscribed to at start, with message events (--topic, repeatable, PS-9.3).</summary>
    public List<string> Topics { get; } = [];

    /// <summary>Parses the command line, after the environment (<paramref name="environment"/>, the process's when null).</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, with a message that says which.</exception>
    public static NodeOptions Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new NodeOptions();
        options.Connections.ApplyEnvironment(environment ?? Environment.GetEnvironmentVariable);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--listen": options.Listen.Add(ParseListenAddress(name, Value())); break;
                case "--connect": options.Connect.Add(ParseAddress(name, Value())); break;
                case "--min-connections": options.Connections.MinConnections = ParseCount(name, Value()); break;
                case "--max-connections": options.Connections.MaxConnections = ParseCount(name, Value()); break;
                case "--max-inbound-per-ip": options.Connections.MaxInboundPerIp = ParseCount(name, Value()); break;
                case "--max-inbound-per-subnet": options.Connections.MaxInboundPerSubnet = ParseCount(name, Value()); break;
                case "--rate-messages": options.Protection.MessagesPerSecond = options.Protection.MessageBurst = ParseRate(name, Value()); break;
                case "--rate-bytes": options.Protection.BytesPerSecond = options.Protection.ByteBurst = ParseRate(name, Value()); break;
                case "--ban-threshold": options.Protection.BanThreshold = -ParseCount(name, Value()); break;
                case "--key-seed":
                    options.KeySeed = ulong.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
                        ? seed : throw new ArgumentException("--key-seed takes a non-negative integer.");
                    break;
                case "--muxer":
                    options.Muxer = Value() is var m && m is "yamux" or "mplex" ? m : throw new ArgumentException("--muxer takes yamux or mplex.");
                    break;
                case "--datadir": options.DataDir = Path.GetFullPath(Value()); break;
                case "--network":
                    options.Network = Value() is var n && n is "mainnet" or "testnet" or "regtest" ? n : throw new ArgumentException("--network takes mainnet, testnet or regtest.");
                    break;
                case "--control":
                    options.Control = Value() is var c && c is "stdio" or "none" ? c : throw new ArgumentException("--control takes stdio or none.");
                    break;
                case "--log-level": options.LogLevel = Value(); break;
                case "--agent": options.AgentVersion = Value(); break;
                case "--kad-protocol": options.Kademlia.ProtocolId = Value(); break;
                case "--kad-mode":
                    options.Kademlia.Mode = Value() switch
                    {
                        "client" => KadMode.Client,
                        "server" => KadMode.Server,
                        _ => throw new ArgumentException("--kad-mode takes client or server."),
                    };
                    break;
                case "--mdns": options.Mdns = true; break;
                case "--pubsub":
                    options.PubSub.Router = Value() switch
                    {
                        "gossipsub" => PubSubRouterKind.Gossipsub,
                        "floodsub" => PubSubRouterKind.Floodsub,
                        _ => throw new ArgumentException("--pubsub takes gossipsub or floodsub."),
                    };
                    break;
                case "--tx-relay":
                    options.TxRelay = Value() is var relay && relay is "inv" or "gossipsub" ? relay : throw new ArgumentException("--tx-relay takes inv or gossipsub.");
                    break;
                case "--compact-blocks":
                    options.CompactBlocks.Enabled = Value() switch
                    {
                        "on" => true,
                        "off" => false,
                        _ => throw new ArgumentException("--compact-blocks takes on or off."),
                    };
                    break;
                case "--topic": options.Topics.Add(Value() is { Length: > 0 } topic ? topic : throw new ArgumentException("--topic takes a topic name.")); break;
                default: throw new ArgumentException($"Unknown option '{name}'. See README.md for the options.");
            }
        }

        if (options.Listen.Count == 0)
        {
            options.Listen.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        }

        foreach (var address in options.Connect)
        {
            options.Connections.BootstrapPeers.Add(address);
        }

        options.Connections.Validate();
        options.Protection.Validate();
        options.Resources.Validate();
        options.Kademlia.Validate();
        options.PubSub.Validate();
        return options;
    }

    /// <summary>A per-second budget; 0 means no limit.</summary>
    private static double ParseRate(string option, string text) => ParseCount(option, text) is var rate && rate == 0 ? double.PositiveInfinity : rate;

    private static int ParseCount(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{option} takes a non-negative integer.");

    /// <summary>A TCP (<c>/ip4|ip6/…/tcp/N</c>) or WebSocket (<c>…/tcp/N/ws</c>) address to listen on.</summary>
    private static Multiaddr ParseListenAddress(string option, string text) =>
        ParseAddress(option, text) is var address && (TcpTransport.CanListen(address) || WebSocketTransport.CanListen(address))
            ? address
            : throw new ArgumentException($"{option} {text}: not an address we can listen on (/ip4|ip6/<ip>/tcp/<port>, optionally followed by /ws).");

    private static Multiaddr ParseAddress(string option, string text)
    {
        try
        {
            return Multiaddr.Parse(text);
        }
        catch (RustyNode.Network.Libp2pProtocolException ex)
        {
            throw new ArgumentException($"{option} {text}: {ex.Message}", ex);
        }
    }
}
