namespace RustyNode.Network.PubSub;

/// <summary>The pubsub protocol a peer speaks with us, in order of capability.</summary>
public enum PubSubProtocol
{
    /// <summary>/floodsub/1.0.0: no mesh, no control messages.</summary>
    Floodsub = 0,

    /// <summary>/meshsub/1.0.0.</summary>
    Meshsub10 = 10,

    /// <summary>/meshsub/1.1.0: adds peer exchange and backoff in PRUNE.</summary>
    Meshsub11 = 11,

    /// <summary>/meshsub/1.2.0: adds IDONTWANT.</summary>
    Meshsub12 = 12,
}
