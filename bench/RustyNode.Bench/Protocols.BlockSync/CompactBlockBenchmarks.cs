using System.Buffers;
using BenchmarkDotNet.Attributes;
using RustyNode.Consensus.Model;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

namespace RustyNode.Bench.Protocols.BlockSync;

/// <summary>
/// Rebuilding a block from its compact form and a mempool that holds every transaction (plus as
/// many unrelated ones): decoding the CompactBlock payload, SipHash of every mempool txid, filling
/// the slots and checking the merkle root. Baseline: deserializing the same full block (which hashes
/// every transaction for its txid). Goal: the rebuild at most 1.5× the baseline.
/// </summary>
[MemoryDiagnoser]
public class CompactBlockBenchmarks
{
    private byte[] _fullBytes = [];
    private byte[] _compactBytes = [];
    private Transaction[] _mempool = [];

    [Params(2_000, 10_000)]
    public int Transactions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var block = CompactBlockWorkload.Block(Transactions);
        _fullBytes = block.ToBytes();
        var writer = new ArrayBufferWriter<byte>();
        CompactMessageCodec.Write(CompactBlockFactory.Create(block, 42), writer);
        _compactBytes = writer.WrittenSpan.ToArray();
        _mempool = CompactBlockWorkload.Mempool(block, 100);
    }

    [Benchmark(Baseline = true)]
    public Block DeserializeFullBlock() => Block.FromBytes(_fullBytes);

    [Benchmark]
    public Block ReconstructFromMempool()
    {
        var compact = (CompactBlock)CompactMessageCodec.Read(new ReadOnlySequence<byte>(_compactBytes));
        var partial = PartialBlock.Create(compact);
        return partial.Fill(_mempool, []) == ReconstructionStatus.Complete
            ? partial.Block!
            : throw new InvalidOperationException("The benchmark block did not rebuild.");
    }
}
