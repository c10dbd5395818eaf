namespace RustyNode.Network.Protocols.Perf;

/// <summary>What one perf run moved and how long each direction took.</summary>
public sealed record PerfResult(long UploadBytes, long DownloadBytes, TimeSpan UploadTime, TimeSpan DownloadTime)
{
    /// <summary>Upload throughput in MB/s (10^6 bytes per second).</summary>
    public double UploadMegabytesPerSecond => Rate(UploadBytes, UploadTime);

    /// <summary>Download throughput in MB/s (10^6 bytes per second).</summary>
    public double DownloadMegabytesPerSecond => Rate(DownloadBytes, DownloadTime);

    private static double Rate(long bytes, TimeSpan time) =>
        bytes == 0 || time <= TimeSpan.Zero ? 0 : bytes / 1e6 / time.TotalSeconds;
}
