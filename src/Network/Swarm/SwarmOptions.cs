using RustyNode.Network.Addressing;

namespace RustyNode.Network.Swarm;

/// <summary>Settings of a <see cref="Swarm"/>. Defaults live here and only here.</summary>
public sealed class SwarmOptions
{
    /// <summary>Addresses to listen on. Default: none (dial only).</summary>
    public IList<Multiaddr> ListenAddresses { get; } = new List<Multiaddr>();

    /// <summary>Muxer protocol names in order of preference: "yamux", "mplex". Default: yamux, then mplex.</summary>
    public IList<string> Muxers { get; } = new List<string> { "yamux", "mplex" };

    /// <summary>Time a connection has to finish TCP → Noise → muxer. Default 10 s.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a new stream has to agree on its protocol. Default 10 s.</summary>
    public TimeSpan StreamNegotiationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Inbound connections allowed to be mid-handshake at once; more are refused. Default 64.</summary>
    public int MaxPendingInboundUpgrades { get; set; } = 64;

    /// <summary>Inbound streams of one connection allowed to be negotiating at once; more are reset. Default 128.</summary>
    public int MaxPendingStreamNegotiations { get; set; } = 128;

    /// <summary>Our own streams of one connection negotiating at once; more wait their turn. Default 64.</summary>
    public int MaxOutboundStreamNegotiations { get; set; } = 64;

    /// <summary>
    /// Streams of one connection we may refuse (CONN-1.4) before we close the connection as a
    /// stream flood. Default 128.
    /// </summary>
    public int MaxRefusedStreams { get; set; } = 128;

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (Muxers.Count == 0 || Muxers.Any(m => m is not ("yamux" or "mplex")))
        {
            throw new ArgumentException("Muxers must name at least one of 'yamux' and 'mplex'.");
        }

        if (UpgradeTimeout <= TimeSpan.Zero || StreamNegotiationTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Timeouts must be positive.");
        }

        if (MaxPendingInboundUpgrades < 1 || MaxPendingStreamNegotiations < 1 || MaxOutboundStreamNegotiations < 1)
        {
            throw new ArgumentException("Pending limits must be at least 1.");
        }
    }
}
