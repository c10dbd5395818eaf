using System.Text.Json.Nodes;
using RustyNode.Consensus.Service;
using RustyNode.Protocols.TxProp.Gossip;
using RustyNode.Protocols.TxProp.Relay;

namespace RustyNode.Node.Control;

/// <summary>Transaction relay's control commands (specs/protocols/02-tx-relay.md, TX-8): make_txs and tx_relay.</summary>
public sealed class TxRelayCommands : IControlModule
{
    private readonly ChainService _chain;
    private readonly TxPropBehaviour _relay;
    private readonly GossipTxRelay? _gossip;

    public TxRelayCommands(ChainService chain, TxPropBehaviour relay, GossipTxRelay? gossip = null)
    {
        _chain = chain;
        _relay = relay;
        _gossip = gossip;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Types { get; } = ["make_txs", "tx_relay"];

    /// <summary>Runs one command; make_txs signs and validates, so it runs off the control loop.</summary>
    public Task<JsonObject> ExecuteAsync(string type, JsonObject command, CancellationToken cancellationToken) => type switch
    {
        "make_txs" => Task.Run(() => MakeTransactions(command), cancellationToken),
        "tx_relay" => Task.FromResult(Stats()),
        _ => throw new ControlException($"Unknown tx relay command '{type}'."),
    };

    private JsonObject MakeTransactions(JsonObject command)
    {
        var count = ControlFields.RequiredLong(command, "count");
        if (count < 1 || count > ChainService.MaxMakeTransactions)
        {
            throw new ControlException($"Field \"count\" must be 1 to {ChainService.MaxMakeTransactions}.");
        }

        var result = _chain.MakeTransactions((int)count);
        if (!result.Accepted)
        {
            throw new ControlException($"make_txs refused: {result.Reason} ({result.TxIds.Count} made)");
        }

        return new JsonObject { ["txids"] = new JsonArray([.. result.TxIds.Select(t => (JsonNode)t)]) };
    }

    private JsonObject Stats()
    {
        if (_gossip is not null)
        {
            // TX-9.4: the topic's counters; no per-peer lines (the pubsub router keeps those).
            var gossipTotal = Describe(_gossip.Totals);
            gossipTotal["orphans"] = _chain.MempoolCounts.Orphans;
            gossipTotal["mempool"] = _chain.MempoolCounts.Transactions;
            return new JsonObject { ["mode"] = "gossipsub", ["total"] = gossipTotal, ["peers"] = new JsonArray() };
        }

        var stats = _relay.GetStats();
        var total = Describe(stats.Totals);
        total["inFlight"] = stats.InFlight;
        total["busySeconds"] = Math.Round(stats.BusyTime.TotalSeconds, 3);
        total["orphans"] = stats.Orphans;
        total["mempool"] = _chain.MempoolCounts.Transactions;
        var peers = new JsonArray();
        foreach (var peer in stats.Peers)
        {
            var line = Describe(peer.Counters);
            line["peer"] = peer.Peer.ToString();
            line["outbound"] = peer.Outbound;
            line["inFlight"] = peer.InFlight;
            line["tracked"] = peer.Tracked;
            line["queued"] = peer.Queued;
            peers.Add(line);
        }

        return new JsonObject { ["mode"] = "inv", ["total"] = total, ["peers"] = peers };
    }

    private static JsonObject Describe(TxRelayCounters counters) => new()
    {
        ["announcedIn"] = counters.AnnouncedIn,
        ["announcedOut"] = counters.AnnouncedOut,
        ["requested"] = counters.Requested,
        ["received"] = counters.Received,
        ["duplicatesReceived"] = counters.DuplicatesReceived,
        ["notFound"] = counters.NotFound,
        ["expired"] = counters.Expired,
        ["unrequested"] = counters.Unrequested,
        ["bytesIn"] = counters.BytesIn,
        ["bytesOut"] = counters.BytesOut,
        ["announcementBytesOut"] = counters.AnnouncementBytesOut,
    };
}
