using System.Diagnostics.Metrics;

namespace RustyNode.Consensus;

/// <summary>The one meter of the assembly, "RustyNode.Consensus", and its instruments.</summary>
internal static class ConsensusMetrics
{
    public static readonly Meter Meter = new("RustyNode.Consensus");

    public static readonly Counter<long> BlocksConnected = Meter.CreateCounter<long>("rustynode.consensus.blocks_connected", description: "Blocks connected to the active chain");

    public static readonly Counter<long> BlocksDisconnected = Meter.CreateCounter<long>("rustynode.consensus.blocks_disconnected", description: "Blocks disconnected by reorganisations");

    public static readonly Counter<long> Rejections = Meter.CreateCounter<long>("rustynode.consensus.rejections", description: "Headers, blocks and transactions refused, tagged by reason");

    public static readonly Counter<long> TransactionsAccepted = Meter.CreateCounter<long>("rustynode.consensus.mempool_accepted", description: "Transactions accepted to the mempool");

    public static readonly Histogram<double> ConnectSeconds = Meter.CreateHistogram<double>("rustynode.consensus.block_connect_seconds", unit: "s", description: "Time to validate and store one block");

    public static void Rejected(string kind, RejectReason reason) =>
        Rejections.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason.ToString()));
}
