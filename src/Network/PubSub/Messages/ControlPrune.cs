namespace RustyNode.Network.PubSub.Messages;

/// <summary>
/// PRUNE: the sender removed us from its mesh of <paramref name="Topic"/> (GS-5.2), with peers we
/// may connect to instead (v1.1 peer exchange) and how long not to graft again, in seconds.
/// </summary>
public sealed record ControlPrune(string Topic, IReadOnlyList<PeerExchangeInfo> Peers, ulong? BackoffSeconds);
