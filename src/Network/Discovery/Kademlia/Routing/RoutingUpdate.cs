namespace RustyNode.Network.Discovery.Kademlia.Routing;

/// <summary>What <see cref="RoutingTable.TryAdd"/> did.</summary>
public enum RoutingUpdate
{
    /// <summary>The peer was new and its bucket had room.</summary>
    Added,

    /// <summary>The peer was present; it moved to the fresh end of its bucket.</summary>
    Refreshed,

    /// <summary>The bucket is full: the caller checks the oldest entry before anything changes (KAD-1.4).</summary>
    BucketFull,

    /// <summary>Our own id, or a peer refused by the table's filter.</summary>
    Refused,
}
