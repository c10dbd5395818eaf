namespace RustyNode.Network.PubSub;

/// <summary>The protocol ids of pubsub (PS-1.1).</summary>
public static class PubSubProtocolIds
{
    /// <summary>Floodsub.</summary>
    public const string Floodsub = "/floodsub/1.0.0";

    /// <summary>GossipSub v1.0.</summary>
    public const string Meshsub10 = "/meshsub/1.0.0";

    /// <summary>GossipSub v1.1 (peer exchange, backoff, scoring).</summary>
    public const string Meshsub11 = "/meshsub/1.1.0";

    /// <summary>GossipSub v1.2 (IDONTWANT).</summary>
    public const string Meshsub12 = "/meshsub/1.2.0";

    /// <summary>The protocol of <paramref name="id"/>, or null when it is none of ours.</summary>
    public static PubSubProtocol? Parse(string id) => id switch
    {
        Floodsub => PubSubProtocol.Floodsub,
        Meshsub10 => PubSubProtocol.Meshsub10,
        Meshsub11 => PubSubProtocol.Meshsub11,
        Meshsub12 => PubSubProtocol.Meshsub12,
        _ => null,
    };

    /// <summary>The protocol id of <paramref name="protocol"/>.</summary>
    public static string ToId(PubSubProtocol protocol) => protocol switch
    {
        PubSubProtocol.Floodsub => Floodsub,
        PubSubProtocol.Meshsub10 => Meshsub10,
        PubSubProtocol.Meshsub11 => Meshsub11,
        PubSubProtocol.Meshsub12 => Meshsub12,
        _ => throw new ArgumentOutOfRangeException(nameof(protocol)),
    };
}
