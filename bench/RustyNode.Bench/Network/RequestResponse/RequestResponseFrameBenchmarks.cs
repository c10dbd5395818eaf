using System.Buffers;
using BenchmarkDotNet.Attributes;
using RustyNode.Network.RequestResponse;

namespace RustyNode.Bench.Network.RequestResponse;

/// <summary>The length-prefixed framing alone: writing a frame and taking one off a buffer (expect zero allocations).</summary>
[MemoryDiagnoser]
public class RequestResponseFrameBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(64 * 1024);
    private BytesCodec _codec = null!;
    private byte[] _message = null!;
    private ReadOnlySequence<byte> _frame;

    [Params(32, 4096)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _codec = new BytesCodec(["/bench/rr/1.0.0"]);
        _message = new byte[Size];
        new Random(1).NextBytes(_message);
        var writer = new ArrayBufferWriter<byte>();
        _codec.WriteRequestFrame(writer, _message);
        _frame = new ReadOnlySequence<byte>(writer.WrittenMemory);
    }

    [Benchmark(Baseline = true)]
    public int Write_frame()
    {
        _writer.ResetWrittenCount();
        _codec.WriteRequestFrame(_writer, _message);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public long Read_frame()
    {
        var buffer = _frame;
        return RequestResponseFrame.TryRead(ref buffer, RequestResponseLimits.DefaultMaxRequestSize, out var payload) ? payload.Length : -1;
    }
}
