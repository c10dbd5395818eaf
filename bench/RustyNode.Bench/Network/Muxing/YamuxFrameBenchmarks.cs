using System.Buffers;
using BenchmarkDotNet.Attributes;
using RustyNode.Network.Muxing.Mplex;
using RustyNode.Network.Muxing.Yamux;

namespace RustyNode.Bench.Network.Muxing;

/// <summary>Frame header codecs of both muxers: should run in nanoseconds with zero allocations.</summary>
[MemoryDiagnoser]
public class YamuxFrameBenchmarks
{
    private readonly byte[] _yamuxBytes = new byte[YamuxHeader.Size];
    private readonly byte[] _mplexBytes = new byte[MplexFrameHeader.MaxSize];
    private readonly YamuxHeader _yamux = new(YamuxFrameType.Data, YamuxFlags.None, 12345, 65536);
    private readonly MplexFrameHeader _mplex = new(12345, MplexFlag.MessageInitiator, 65536);
    private ReadOnlySequence<byte> _yamuxSequence;
    private ReadOnlySequence<byte> _mplexSequence;

    [GlobalSetup]
    public void Setup()
    {
        _yamux.Write(_yamuxBytes);
        var length = _mplex.Write(_mplexBytes);
        _yamuxSequence = new ReadOnlySequence<byte>(_yamuxBytes);
        _mplexSequence = new ReadOnlySequence<byte>(_mplexBytes, 0, length);
    }

    [Benchmark(Baseline = true)]
    public void Yamux_header_write() => _yamux.Write(_yamuxBytes);

    [Benchmark]
    public uint Yamux_header_read_span()
    {
        YamuxHeader.TryRead(_yamuxBytes, out var header);
        return header.Length;
    }

    [Benchmark]
    public uint Yamux_header_write_and_read_sequence()
    {
        _yamux.Write(_yamuxBytes);
        var buffer = _yamuxSequence;
        YamuxHeader.TryRead(ref buffer, out var header);
        return header.Length;
    }

    [Benchmark]
    public int Mplex_header_write() => _mplex.Write(_mplexBytes);

    [Benchmark]
    public int Mplex_header_read_sequence()
    {
        var buffer = _mplexSequence;
        MplexFrameHeader.TryRead(ref buffer, out var header);
        return header.Length;
    }
}
