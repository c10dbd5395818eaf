using BenchmarkDotNet.Attributes;

namespace RustyNode.Bench.Network.RequestResponse;

/// <summary>
/// Request/response round trips between two swarms on loopback (TCP, Noise, muxer, one new
/// stream and multistream-select per request), 32-byte echo payloads. Round trips per second =
/// 1 / mean. <see cref="RequestResponseParallelBenchmarks"/> measures requests in parallel.
/// </summary>
[MemoryDiagnoser]
public class RequestResponseBenchmarks
{
    private RequestResponsePair _pair = null!;
    private byte[] _payload = null!;

    [Params("yamux", "mplex")]
    public string Muxer { get; set; } = "yamux";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pair = await RequestResponsePair.StartAsync(Muxer);
        _payload = new byte[32];
        new Random(1).NextBytes(_payload);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _pair.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<byte[]> One_request_at_a_time() =>
        _pair.Requester.SendRequestAsync(_pair.ServerPeer, _payload, CancellationToken.None);
}
