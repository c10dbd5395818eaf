namespace RustyNode.Network.ConnectionManagement;

/// <summary>Hard bounds on what the connection manager and the peer store keep.</summary>
public static class ConnectionManagementLimits
{
    /// <summary>Most peers the peer store keeps; the least recently seen unbanned ones go first.</summary>
    public const int MaxStoredPeers = 10_000;

    /// <summary>Most addresses kept per peer.</summary>
    public const int MaxAddressesPerPeer = 8;

    /// <summary>Largest peer store file read at start (bytes).</summary>
    public const long MaxStoreFileBytes = 64L * 1024 * 1024;
}
