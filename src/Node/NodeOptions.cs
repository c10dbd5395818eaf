using System.Globalization;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Protection;

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
    /// Connection limits (--min-connections, --max-connections, --max-inbound-per-ip, or the
    /// environment variables P2P_MIN_CONNECTIONS and P2P_MAX_CONNECTIONS; the command line wins).
    /// The --connect peers are its bootstrap peers.
    /// </summary>
    public ConnectionManagerOptions Connections { get; } = new();

    /// <summary>
    /// Rate limits and bans (--rate-messages N, --rate-bytes N: per second per peer, burst the same,
    /// 0 for no limit; --ban-threshold N: ban below -N).
    /// </summary>
    public ProtectionOptions Protection { get; } = new();

    /// <summary>Block sync (window, in-flight bound, timeouts); defaults only, not on the command line.</summary>
    public RustyNode.Protocols.BlockSync.BlockSyncOptions BlockSync { get; } = new();

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
                case "--listen": options.Listen.Add(ParseAddress(name, Value())); break;
                case "--connect": options.Connect.Add(ParseAddress(name, Value())); break;
                case "--min-connections": options.Connections.MinConnections = ParseCount(name, Value()); break;
                case "--max-connections": options.Connections.MaxConnections = ParseCount(name, Value()); break;
                case "--max-inbound-per-ip": options.Connections.MaxInboundPerIp = ParseCount(name, Value()); break;
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
        return options;
    }

    /// <summary>A per-second budget; 0 means no limit.</summary>
    private static double ParseRate(string option, string text) => ParseCount(option, text) is var rate && rate == 0 ? double.PositiveInfinity : rate;

    private static int ParseCount(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{option} takes a non-negative integer.");

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
