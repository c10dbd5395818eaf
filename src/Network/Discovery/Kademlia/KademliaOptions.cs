namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>Settings of the DHT (specs/network/20-kademlia.md, KAD-6). Defaults live here and only here.</summary>
public sealed class KademliaOptions
{
    /// <summary>RustyNode's own DHT protocol id.</summary>
    public const string RustyProtocolId = "/rusty/kad/1.0.0";

    /// <summary>The public libp2p (IPFS) DHT protocol id.</summary>
    public const string IpfsProtocolId = "/ipfs/kad/1.0.0";

    /// <summary>The protocol id spoken. Default <see cref="RustyProtocolId"/>.</summary>
    public string ProtocolId { get; set; } = RustyProtocolId;

    /// <summary>Client or server. Default server.</summary>
    public KadMode Mode { get; set; } = KadMode.Server;

    /// <summary>k: bucket size, replication factor and lookup width. Default 20.</summary>
    public int BucketSize { get; set; } = 20;

    /// <summary>α: requests a lookup keeps in flight. Default 3.</summary>
    public int Alpha { get; set; } = 3;

    /// <summary>Time one request may take. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a whole lookup may take; it then ends with what it has. Default 60 s.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Valid records collected before a GET_VALUE lookup stops early. Default 3.</summary>
    public int GetValueQuorum { get; set; } = 3;

    /// <summary>How long a record lives after its publication. Default 36 h.</summary>
    public TimeSpan RecordTtl { get; set; } = TimeSpan.FromHours(36);

    /// <summary>How often holders re-store records that no PUT refreshed meanwhile. Default 1 h.</summary>
    public TimeSpan ReplicationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often we re-publish our own records with a new publication time. Default 24 h.</summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a provider announcement lives. Default 48 h.</summary>
    public TimeSpan ProviderTtl { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often we re-announce what we provide. Default 22 h.</summary>
    public TimeSpan ProviderRepublishInterval { get; set; } = TimeSpan.FromHours(22);

    /// <summary>How often buckets without a recent lookup are refreshed and stores swept. Default 10 min.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Failed requests in a row after which a peer leaves the routing table. Default 2.</summary>
    public int MaxConsecutiveFailures { get; set; } = 2;

    /// <summary>A peer whose reputation falls below this leaves the routing table and is not let in. Default -20.</summary>
    public double MinPeerReputation { get; set; } = -20;

    /// <summary>Checks the settings, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(ProtocolId) || ProtocolId[0] != '/')
        {
            throw new ArgumentException($"The DHT protocol id must start with '/' (got '{ProtocolId}').");
        }

        if (BucketSize < 1 || Alpha < 1 || GetValueQuorum < 1 || MaxConsecutiveFailures < 1)
        {
            throw new ArgumentException("k, α, the GET_VALUE quorum and the failure limit must be at least 1.");
        }

        TimeSpan[] durations = [RequestTimeout, QueryTimeout, RecordTtl, ReplicationInterval, PublishInterval, ProviderTtl, ProviderRepublishInterval, RefreshInterval];
        if (durations.Any(d => d <= TimeSpan.Zero))
        {
            throw new ArgumentException("DHT durations must be positive.");
        }

        if (PublishInterval >= RecordTtl || ProviderRepublishInterval >= ProviderTtl)
        {
            throw new ArgumentException("Records and provider announcements must be republished before they expire.");
        }
    }
}
