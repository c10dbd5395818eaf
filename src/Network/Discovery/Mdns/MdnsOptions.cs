namespace RustyNode.Network.Discovery.Mdns;

/// <summary>Settings of <see cref="MdnsBehaviour"/> (specs/network/21-mdns.md). Defaults live here and only here.</summary>
public sealed class MdnsOptions
{
    /// <summary>The DNS-SD service name queried and answered. Default "_p2p._udp.local" (MDNS-1.1).</summary>
    public string ServiceName { get; set; } = "_p2p._udp.local";

    /// <summary>How often we query. Default 10 s, as js-libp2p.</summary>
    public TimeSpan QueryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TTL of the records we answer with. Default 120 s, as js-libp2p.</summary>
    public TimeSpan RecordTtl { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Dial peers we discover (the connection manager's limits still apply). Default true.</summary>
    public bool DialDiscovered { get; set; } = true;

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceName) || ServiceName.StartsWith('.') || ServiceName.EndsWith('.'))
        {
            throw new ArgumentException($"The mDNS service name '{ServiceName}' is not a domain name.");
        }

        if (QueryInterval <= TimeSpan.Zero || RecordTtl < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("The mDNS query interval must be positive and the record TTL at least 1 s.");
        }
    }
}
