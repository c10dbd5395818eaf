namespace RustyNode.Network.Discovery.Bootstrap;

/// <summary>Settings of <see cref="BootstrapDiscovery"/> (specs/network/22-resources.md, RES-4). Defaults live here and only here.</summary>
public sealed class BootstrapOptions
{
    /// <summary>First interval between discovery lookups while below the connection target. Default 15 s.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest interval, reached by doubling while lookups bring nothing new. Default 10 min.</summary>
    public TimeSpan MaxDiscoveryInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (DiscoveryInterval <= TimeSpan.Zero || MaxDiscoveryInterval < DiscoveryInterval)
        {
            throw new ArgumentException("The discovery interval must be positive and at most the maximum interval.");
        }
    }
}
