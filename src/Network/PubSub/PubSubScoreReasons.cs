namespace RustyNode.Network.PubSub;

/// <summary>What the router reports to the swarm's peer scoring (PS-7.3), with weights.</summary>
public static class PubSubScoreReasons
{
    /// <summary>A message failed the signature policy, the size limit or the topic's validator.</summary>
    public const string InvalidMessage = "pubsub invalid message";

    /// <summary>Weight of <see cref="InvalidMessage"/>: twenty in a row get a peer banned at the default threshold.</summary>
    public const double InvalidMessageWeight = -5;

    /// <summary>A peer announced messages with IHAVE and did not deliver them when asked.</summary>
    public const string BrokenPromise = "pubsub broken promise";

    /// <summary>Weight of <see cref="BrokenPromise"/>.</summary>
    public const double BrokenPromiseWeight = -1;

    /// <summary>A peer grafted while its backoff lasted.</summary>
    public const string GraftDuringBackoff = "pubsub graft during backoff";

    /// <summary>Weight of <see cref="GraftDuringBackoff"/>.</summary>
    public const double GraftDuringBackoffWeight = -1;

    /// <summary>A peer's gossipsub score fell below the graylist threshold.</summary>
    public const string Graylisted = "pubsub graylisted";

    /// <summary>Weight of <see cref="Graylisted"/> (once per fall).</summary>
    public const double GraylistedWeight = -20;

    /// <summary>A graylisted peer sent another RPC, which was ignored: a peer that keeps on is banned in the end.</summary>
    public const string GraylistedRpc = "pubsub rpc while graylisted";

    /// <summary>Weight of <see cref="GraylistedRpc"/>.</summary>
    public const double GraylistedRpcWeight = -1;
}
