namespace RustyNode.Network.Addressing;

/// <summary>
/// Bounds on multiaddrs we accept from peers (identify, peer records, DHT) or from text (MA-4).
/// Each is checked before the value it bounds is buffered or decoded.
/// </summary>
public static class MultiaddrLimits
{
    /// <summary>Longest binary multiaddr, in bytes, over all of its components.</summary>
    public const int MaxBytes = 1024;

    /// <summary>Most components (protocol code plus value) in one multiaddr.</summary>
    public const int MaxComponents = 32;

    /// <summary>Longest text form we parse, in characters.</summary>
    public const int MaxTextLength = 2048;

    /// <summary>Longest dns, dns4 or dns6 name, in UTF-8 bytes (the DNS wire limit).</summary>
    public const int MaxDnsNameBytes = 255;

    /// <summary>Longest p2p value (a peer id multihash), in bytes.</summary>
    public const int MaxPeerIdBytes = 128;
}
