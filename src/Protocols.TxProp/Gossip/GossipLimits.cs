namespace RustyNode.Protocols.TxProp.Gossip;

/// <summary>Bounds of transaction relay over GossipSub (TX-9).</summary>
public static class GossipLimits
{
    /// <summary>
    /// Bytes a topic message may carry beyond its transaction (TX-9.1): the pubsub message's own
    /// fields (topic, protobuf tags and lengths) under StrictNoSign.
    /// </summary>
    public const int MessageOverhead = 64;
}
