using BenchmarkDotNet.Attributes;

namespace RustyNode.Bench.Network.Transport;

/// <summary>
/// Our WebSocket frame codec against System.Net.WebSockets (the baseline) over the same loopback
/// TCP code, both directions (client to server is masked). Divide the size by the mean time for MB/s;
/// the allocation column shows the per-frame cost of each.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: 1)]
public class WebSocketThroughputBenchmarks
{
    [Params(64L * 1024 * 1024)]
    public long Bytes { get; set; }

    [Params(true, false)]
    public bool ClientSends { get; set; }

    [Benchmark(Baseline = true)]
    public Task<TransferFigures> SystemNetWebSockets() => SystemNetWebSocketThroughput.MeasureAsync(Bytes, ClientSends, CancellationToken.None);

    [Benchmark]
    public Task<TransferFigures> OurFrameCodec() => WebSocketThroughput.MeasureAsync(Bytes, ClientSends, CancellationToken.None);
}
