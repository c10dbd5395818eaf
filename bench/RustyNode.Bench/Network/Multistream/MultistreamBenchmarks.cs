using System.Buffers;
using BenchmarkDotNet.Attributes;
using RustyNode.Network.Multistream;
using RustyNode.Network.Transport.Memory;

namespace RustyNode.Bench.Network.Multistream;

/// <summary>
/// multistream-select: the framing alone (baseline, expected to allocate nothing) and whole
/// negotiations between a dialer and a listener over an in-memory connection.
/// </summary>
[MemoryDiagnoser]
public class MultistreamBenchmarks
{
    private static readonly string[] Yamux = ["/yamux/1.0.0"];
    private static readonly string[] MplexThenYamux = ["/mplex/6.7.0", "/yamux/1.0.0"];
    private static readonly string[] Supported = ["/yamux/1.0.0"];
    private readonly ArrayBufferWriter<byte> _writer = new(256);

    [Benchmark(Baseline = true)]
    public int WriteAndReadOneMessage()
    {
        _writer.ResetWrittenCount();
        MultistreamCodec.Write(_writer, "/yamux/1.0.0");
        var buffer = new ReadOnlySequence<byte>(_writer.WrittenMemory);
        MultistreamCodec.TryRead(ref buffer, out string text, Yamux);
        return text.Length;
    }

    [Benchmark]
    public Task<string> NegotiateFirstChoice() => NegotiateAsync(Yamux);

    [Benchmark]
    public Task<string> NegotiateAfterOneRefusal() => NegotiateAsync(MplexThenYamux);

    private static async Task<string> NegotiateAsync(string[] proposals)
    {
        var (dialer, listener) = MemoryDuplexPipe.CreatePair();
        var listen = MultistreamSelect.HandleAsync(listener, Supported, CancellationToken.None);
        var selected = await MultistreamSelect.SelectAsync(dialer, proposals, CancellationToken.None);
        await listen;
        return selected;
    }
}
