using System.Globalization;
using RustyNode.Network.Addressing;

namespace RustyNode.Network.ConnectionManagement;

/// <summary>Settings of <see cref="ConnectionManager"/> (specs/network/15-connection-management.md). Defaults live here and only here.</summary>
public sealed class ConnectionManagerOptions
{
    /// <summary>Environment variable that overrides <see cref="MinConnections"/>.</summary>
    public const string MinConnectionsVariable = "P2P_MIN_CONNECTIONS";

    /// <summary>Environment variable that overrides <see cref="MaxConnections"/>.</summary>
    public const string MaxConnectionsVariable = "P2P_MAX_CONNECTIONS";

    /// <summary>Below this many connections, stored peers are dialed. Default 10.</summary>
    public int MinConnections { get; set; } = 10;

    /// <summary>Inbound connections are refused at this many, and connections above it are trimmed. Default 50.</summary>
    public int MaxConnections { get; set; } = 50;

    /// <summary>Outbound connections the manager aims to keep when it dials stored peers. Default 8.</summary>
    public int TargetOutbound { get; set; } = 8;

    /// <summary>Inbound connections allowed from one IP address. Default 4.</summary>
    public int MaxInboundPerIp { get; set; } = 4;

    /// <summary>Inbound connections allowed from one /24 (IPv4) or /48 (IPv6) subnet. Default 8.</summary>
    public int MaxInboundPerSubnet { get; set; } = 8;

    /// <summary>
    /// Whether loopback addresses (127.0.0.0/8, ::1) are exempt from the per-IP and per-subnet limits
    /// (CM-2.3): only processes on this machine connect from them. Default true.
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;

    /// <summary>Peers dialed at start and re-dialed whenever lost (with their /p2p suffix, if known).</summary>
    public IList<Multiaddr> BootstrapPeers { get; } = new List<Multiaddr>();

    /// <summary>First delay before re-dialing a lost bootstrap peer; doubles up to <see cref="ReconnectMaxDelay"/>. Default 1 s.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between re-dials of a bootstrap peer. Default 60 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often limits are enforced, stored peers dialed and the peer store saved. Default 10 s.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Applies <c>P2P_MIN_CONNECTIONS</c> and <c>P2P_MAX_CONNECTIONS</c> when set.</summary>
    /// <exception cref="ArgumentException">A variable is set but not a non-negative integer.</exception>
    public void ApplyEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        MinConnections = Read(getVariable, MinConnectionsVariable) ?? MinConnections;
        MaxConnections = Read(getVariable, MaxConnectionsVariable) ?? MaxConnections;
    }

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (MinConnections < 0 || MaxConnections < 1 || MinConnections > MaxConnections)
        {
            throw new ArgumentException($"Connection limits need 0 <= min <= max and max >= 1 (min {MinConnections}, max {MaxConnections}).");
        }

        if (TargetOutbound < 0 || MaxInboundPerIp < 1 || MaxInboundPerSubnet < MaxInboundPerIp)
        {
            throw new ArgumentException("Per-IP and per-subnet limits must be at least 1, the subnet one at least the IP one.");
        }

        if (ReconnectInitialDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectInitialDelay || MaintenanceInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Delays must be positive and the maximum re-dial delay at least the initial one.");
        }
    }

    private static int? Read(Func<string, string?> getVariable, string name)
    {
        var text = getVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name}={text}: a non-negative integer is required.");
    }
}
