namespace RustyNode.Network.Resources;

/// <summary>
/// Hard bounds of the memory budget (specs/network/16-resource-limits.md); the adjustable limits
/// and their defaults are in <see cref="ResourceOptions"/>.
/// </summary>
public static class ResourceLimits
{
    /// <summary>
    /// Smallest buffered-bytes limit a connection may be given: one yamux stream's initial window
    /// (256 KiB), so that one stream can always be served (RCM-1.4).
    /// </summary>
    public const long MinConnectionBufferedBytes = 256 * 1024;

    /// <summary>
    /// Shedding frees memory down to this share of the limit that was exceeded, not just below it,
    /// so the next frame does not shed again at once (RCM-3.2): three quarters.
    /// </summary>
    public const double ShedTarget = 0.75;
}
