using BenchmarkDotNet.Attributes;

namespace RustyNode.Bench.Network.Transport;

/// <summary>
/// One-direction loopback transfers through <see cref="RustyNode.Network.Transport.Tcp.TcpConnection"/>;
/// divide the size by the mean time for MB/s. Allocations per transfer show the per-read cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class TcpThroughputBenchmarks
{
    [Params(64L * 1024 * 1024)]
    public long Bytes { get; set; }

    [Benchmark]
    public Task<double> Transfer() => TcpThroughput.MeasureMegabytesPerSecondAsync(Bytes, CancellationToken.None);
}
