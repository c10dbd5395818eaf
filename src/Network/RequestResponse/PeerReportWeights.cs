namespace RustyNode.Network.RequestResponse;

/// <summary>The weights request/response passes to <see cref="IPeerReporter.Report"/>.</summary>
public static class PeerReportWeights
{
    /// <summary>A malformed or oversized request or response: a protocol violation.</summary>
    public const double ProtocolViolation = 1.0;

    /// <summary>An inbound request beyond the per-peer concurrency limit: pressure, not yet malice.</summary>
    public const double ExcessRequest = 0.1;
}
