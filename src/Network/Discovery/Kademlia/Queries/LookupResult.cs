using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Network.Discovery.Kademlia.Queries;

/// <summary>
/// The outcome of one iterative lookup: the closest peers that answered (nearest first), how many
/// requests it sent, the hops it took (KAD-3.5), and whether it ended early or timed out.
/// </summary>
public sealed record LookupResult(IReadOnlyList<KadPeer> Closest, int Requests, int Hops, bool StoppedEarly, bool TimedOut);
