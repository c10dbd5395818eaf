namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>
/// Every bound on what a remote may send or make us keep in the DHT (specs/network/20-kademlia.md,
/// KAD-2 and KAD-5). Each is checked before the bytes or entries cost memory.
/// </summary>
public static class KadLimits
{
    /// <summary>Largest DHT message we read or write (KAD-2.2).</summary>
    public const int MaxMessageSize = 64 * 1024;

    /// <summary>Longest key of a message or record (KAD-2.3).</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Largest record value (KAD-2.3).</summary>
    public const int MaxValueLength = 16 * 1024;

    /// <summary>Most peers in the closer-peers or provider-peers list of one message (KAD-2.3).</summary>
    public const int MaxPeersPerMessage = 64;

    /// <summary>Most addresses kept for one peer of a message; more are dropped (KAD-2.3).</summary>
    public const int MaxAddressesPerPeer = 16;

    /// <summary>Longest binary multiaddr we read inside a peer entry.</summary>
    public const int MaxAddressLength = 256;

    /// <summary>Longest peer id (multihash) we read.</summary>
    public const int MaxPeerIdLength = 128;

    /// <summary>Decoded peer ids kept for reuse by the codec; the cache is emptied when it reaches this size.</summary>
    public const int PeerIdCacheSize = 8192;

    /// <summary>Longest timeReceived string of a record.</summary>
    public const int MaxTimeReceivedLength = 64;

    /// <summary>DHT requests per second a peer may send us, over its whole budget (KAD-4.5).</summary>
    public const double InboundMessagesPerSecond = 50;

    /// <summary>Burst of <see cref="InboundMessagesPerSecond"/>.</summary>
    public const double InboundMessageBurst = 100;

    /// <summary>Requests served on one inbound stream before we close it (KAD-4.5).</summary>
    public const int MaxRequestsPerStream = 32;

    /// <summary>Records kept in the record store (KAD-5.1).</summary>
    public const int MaxRecords = 16_384;

    /// <summary>Keys with provider records kept in the provider store (KAD-5.2).</summary>
    public const int MaxProviderKeys = 16_384;

    /// <summary>Providers kept for one key (KAD-5.2).</summary>
    public const int MaxProvidersPerKey = 64;

    /// <summary>Peers tracked by one lookup (candidates of all states) (KAD-3.4).</summary>
    public const int MaxLookupPeers = 1024;

    /// <summary>Peers whose failed requests in a row are counted; the counts are forgotten when it is reached (KAD-1.5).</summary>
    public const int MaxTrackedFailures = 4096;

    /// <summary>Full-bucket liveness checks running at once; further candidates are dropped (KAD-1.4).</summary>
    public const int MaxPendingLivenessChecks = 16;
}
