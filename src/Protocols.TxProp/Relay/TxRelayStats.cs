namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>The tx_relay answer (TX-8.2): per-peer lines and totals since start.</summary>
/// <param name="Peers">Connected relay peers.</param>
/// <param name="Totals">Counters summed over every peer since start (disconnected ones included).</param>
/// <param name="InFlight">Requests in flight now, all peers.</param>
/// <param name="Orphans">Orphans held by the mempool now.</param>
/// <param name="BusyTime">Time since start during which a request was in flight to some peer or a received transaction waited for validation (TX-8.2).</param>
public sealed record TxRelayStats(IReadOnlyList<TxRelayPeerStats> Peers, TxRelayCounters Totals, int InFlight, int Orphans, TimeSpan BusyTime);
