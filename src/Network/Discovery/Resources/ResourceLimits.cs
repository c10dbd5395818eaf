namespace RustyNode.Network.Discovery.Resources;

/// <summary>Bounds of the resource API's records (specs/network/22-resources.md, RES-1 and RES-2).</summary>
public static class ResourceLimits
{
    /// <summary>Longest resource type (bytes of its UTF-8).</summary>
    public const int MaxTypeLength = 64;

    /// <summary>Longest resource id, capability or topic (bytes of its UTF-8).</summary>
    public const int MaxIdLength = 200;

    /// <summary>Largest data of one resource.</summary>
    public const int MaxDataLength = 4 * 1024;

    /// <summary>Resources of one type in one publisher's index record.</summary>
    public const int MaxResourcesPerIndex = 64;

    /// <summary>Longest time-to-live of an announcement.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(7);

    /// <summary>Providers asked for their index records by one discovery.</summary>
    public const int MaxProvidersPerDiscovery = 64;

    /// <summary>Index records fetched at once by one discovery.</summary>
    public const int MaxParallelFetches = 8;
}
