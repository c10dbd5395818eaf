using RustyNode.Network.Identity;

namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>One peer's line of the tx_relay answer (TX-8.2).</summary>
/// <param name="Peer">The peer.</param>
/// <param name="Outbound">True when we dialed it (a preferred peer, TX-4.2).</param>
/// <param name="Counters">Its counters.</param>
/// <param name="InFlight">Requests to it in flight now.</param>
/// <param name="Tracked">Its announcements tracked now.</param>
/// <param name="Queued">Transactions waiting for its next trickle.</param>
public sealed record TxRelayPeerStats(PeerId Peer, bool Outbound, TxRelayCounters Counters, int InFlight, int Tracked, int Queued);
