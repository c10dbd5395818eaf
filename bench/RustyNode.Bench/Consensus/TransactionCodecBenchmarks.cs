using System.Buffers;
using BenchmarkDotNet.Attributes;
using RustyNode.Consensus.Model;

namespace RustyNode.Bench.Consensus;

/// <summary>
/// Transaction serialization: writing into a reused buffer writer allocates nothing (size computed
/// first, one GetSpan/Advance). Reading builds the immutable model (and hashes the txid once).
/// Baseline: copying the same bytes.
/// </summary>
[MemoryDiagnoser]
public class TransactionCodecBenchmarks
{
    private Transaction _tx = null!;
    private byte[] _bytes = [];
    private readonly ArrayBufferWriter<byte> _writer = new(1024);

    [GlobalSetup]
    public void Setup()
    {
        _tx = new ConsensusFixture().Spends[0];
        _bytes = _tx.ToBytes();
    }

    [Benchmark(Baseline = true)]
    public int CopyBytes()
    {
        _writer.ResetWrittenCount();
        _writer.Write(_bytes);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public int Write()
    {
        _writer.ResetWrittenCount();
        TransactionCodec.Write(_tx, _writer);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public Transaction Read()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_bytes));
        TransactionCodec.TryRead(ref reader, out var tx);
        return tx;
    }
}
