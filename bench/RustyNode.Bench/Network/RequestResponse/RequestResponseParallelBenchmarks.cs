using BenchmarkDotNet.Attributes;

namespace RustyNode.Bench.Network.RequestResponse;

/// <summary>
/// Sixteen requests in flight at once between two swarms on loopback, 32-byte echo payloads; each
/// operation is one request, so round trips per second = 1 / mean. Over mplex only: over yamux,
/// concurrent stream opens trip the SYN-ordering bug described in the request/response report.
/// </summary>
[MemoryDiagnoser]
public class RequestResponseParallelBenchmarks
{
    private const int Parallel = 16;

    private RequestResponsePair _pair = null!;
    private byte[] _payload = null!;
    private Task<byte[]>[] _inFlight = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _pair = await RequestResponsePair.StartAsync("mplex");
        _payload = new byte[32];
        new Random(1).NextBytes(_payload);
        _inFlight = new Task<byte[]>[Parallel];
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _pair.DisposeAsync();

    [Benchmark(Baseline = true)]
    public Task<byte[]> One_request_at_a_time() =>
        _pair.Requester.SendRequestAsync(_pair.ServerPeer, _payload, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Parallel)]
    public async Task Sixteen_requests_in_parallel()
    {
        for (var i = 0; i < Parallel; i++)
        {
            _inFlight[i] = _pair.Requester.SendRequestAsync(_pair.ServerPeer, _payload, CancellationToken.None);
        }

        await Task.WhenAll(_inFlight);
    }
}
