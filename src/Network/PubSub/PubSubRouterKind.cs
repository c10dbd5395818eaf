namespace RustyNode.Network.PubSub;

/// <summary>Which router a node runs (PS-1.2).</summary>
public enum PubSubRouterKind
{
    /// <summary>GossipSub v1.2 (also speaks v1.1, v1.0 and floodsub with peers that only know those).</summary>
    Gossipsub,

    /// <summary>Floodsub only.</summary>
    Floodsub,
}
