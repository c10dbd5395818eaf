namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>The counters of <c>{"type":"compact_blocks"}</c> (CB-7.1), as a snapshot.</summary>
public sealed record CompactBlockStats(
    long Received,
    long ReconstructedWithoutRoundTrip,
    long GetBlockTxsSent,
    long FullBlockFallbacks,
    IReadOnlyList<string> HighBandwidthPeers,
    long BytesReceived,
    long BytesFullEquivalent,
    int Peers = 0,
    int HighBandwidthTo = 0,
    long Pushed = 0);
