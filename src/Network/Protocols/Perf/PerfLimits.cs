namespace RustyNode.Network.Protocols.Perf;

/// <summary>Bounds of the perf protocol (PERF-3).</summary>
public static class PerfLimits
{
    /// <summary>Most bytes a peer may ask us to send back in one perf stream: 16 GiB.</summary>
    public const long MaxDownloadBytes = 16L << 30;

    /// <summary>Size of the chunks we write.</summary>
    public const int ChunkSize = 64 * 1024;
}
