using System.Globalization;
using RustyNode.Network.Addressing;

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

    /// <summary>Delay before re-dialing a lost --connect peer; doubles up to <see cref="ReconnectMaxDelay"/>. Default 1 s.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between re-dials of a --connect peer. Default 60 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Parses the command line.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value, with a message that says which.</exception>
    public static NodeOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new NodeOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--listen": options.Listen.Add(ParseAddress(name, Value())); break;
                case "--connect": options.Connect.Add(ParseAddress(name, Value())); break;
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

        return options;
    }

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
