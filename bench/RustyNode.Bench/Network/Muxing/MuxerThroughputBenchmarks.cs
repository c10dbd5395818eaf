using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using RustyNode.Network.Muxing;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Muxing.Yamux;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Bench.Network.Muxing;

/// <summary>
/// One stream carrying 64 MiB per operation over an in-memory connection pair (no sockets, no
/// encryption): the muxer's own cost. MB/s = 64 / (mean seconds); allocations per MB = Allocated / 64.
/// The connection pipes rent from the muxers' block pool: with the default pool, the 1 MiB of
/// connection buffering that large windows allow misses the shared array pool and the figure
/// would measure the test pipe's allocations rather than the muxer's.
/// </summary>
[MemoryDiagnoser]
public class MuxerThroughputBenchmarks
{
    private const int TotalBytes = 64 * 1024 * 1024;

    private IMuxedConnection _dialer = null!;
    private IMuxedConnection _listener = null!;
    private IMuxedStream _sender = null!;
    private IMuxedStream _receiver = null!;
    private byte[] _chunk = null!;

    [Params("yamux", "mplex")]
    public string Muxer { get; set; } = "yamux";

    [Params(64 * 1024, 1024 * 1024)]
    public int WriteSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        IStreamMuxer muxer = Muxer == "yamux" ? new YamuxMuxer() : new MplexMuxer();
        var (left, right) = MemoryDuplexPipe.CreatePair(new PipeOptions(
            pool: MuxerBufferPool.Shared,
            minimumSegmentSize: MuxerBufferPool.BlockSize,
            pauseWriterThreshold: 1 << 20,
            resumeWriterThreshold: 1 << 19,
            useSynchronizationContext: false));
        _dialer = muxer.Start(left, isInitiator: true);
        _listener = muxer.Start(right, isInitiator: false);
        _sender = await _dialer.OpenStreamAsync();
        await _sender.Output.WriteAsync(new byte[1]);
        _receiver = await _listener.AcceptStreamAsync();
        await DrainAsync(_receiver.Input, 1);
        _chunk = new byte[WriteSize];
        new Random(1).NextBytes(_chunk);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _dialer.DisposeAsync();
        await _listener.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task Transfer_64_MiB_on_one_stream()
    {
        var reading = DrainAsync(_receiver.Input, TotalBytes);
        for (var sent = 0; sent < TotalBytes; sent += _chunk.Length)
        {
            await _sender.Output.WriteAsync(_chunk);
        }

        await reading;
    }

    private static async Task DrainAsync(PipeReader reader, long count)
    {
        while (count > 0)
        {
            var result = await reader.ReadAsync();
            var take = Math.Min(count, result.Buffer.Length);
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            count -= take;
        }
    }
}
