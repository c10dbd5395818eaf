using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Bench.Protocols.Masternode;

/// <summary>
/// One full chunk (2,000 entries) of a masternode list: writing it into a reused buffer, reading it
/// back, and the merkle root a verifier computes over 10,000 fresh entries. Baselines: copying the
/// chunk's bytes, and double SHA-256 of the 10,000 entries' bytes (the hashing a verifier cannot skip).
/// </summary>
[MemoryDiagnoser]
public class MasternodeListBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(1 << 20);
    private MasternodeListResponse _chunk = null!;
    private byte[] _chunkBytes = [];
    private byte[][] _entryBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var first = ServiceAddress.Create(IPAddress.Parse("10.0.0.1"), 9999);
        var entries = Enumerable.Range(0, 10_000).Select(i =>
        {
            var seed = Hashes.DoubleSha256(BitConverter.GetBytes(i)).ToArray();
            return new MasternodeEntry(Hashes.DoubleSha256(seed), new OutPoint(Hashes.DoubleSha256([.. seed, 1]), 0), [0x02, .. seed], [0x03, .. seed], ServiceAddress.Offset(first, (uint)i), StandardScripts.PayToKeyHash(seed.AsSpan(0, 20)), 100, 0);
        }).OrderBy(e => e.ProTxHash).ToArray();
        _entryBytes = [.. entries.Select(e => e.ToBytes())];
        var coinbase = new Transaction(1 | (5 << 16), [new TxIn(OutPoint.Null, [1, 100, 0])], [new TxOut(0, [0x51])], 0, ProviderPayloadCodec.Write(CoinbaseCommitment.Empty));
        _chunk = new MasternodeListResponse(Hash256.Zero, 0, 5, 10_000, coinbase, [Hash256.Zero], entries[..2_000]);
        MasternodeMessageCodec.Write(_chunk, _writer);
        _chunkBytes = _writer.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true)]
    public int CopyChunkBytes()
    {
        _writer.ResetWrittenCount();
        _writer.Write(_chunkBytes);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public int WriteChunk()
    {
        _writer.ResetWrittenCount();
        MasternodeMessageCodec.Write(_chunk, _writer);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public IMasternodeMessage ReadChunk() => MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(_chunkBytes));

    [Benchmark]
    public int HashTenThousandEntries()
    {
        Span<byte> digest = stackalloc byte[32];
        foreach (var bytes in _entryBytes)
        {
            SHA256.HashData(bytes, digest);
            SHA256.HashData(digest, digest);
        }

        return digest[0];
    }

    [Benchmark]
    public Hash256 RootOfTenThousandFreshEntries()
    {
        var entries = new MasternodeEntry[_entryBytes.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = MasternodeEntryCodec.FromBytes(_entryBytes[i]);
        }

        return MasternodeList.ComputeRoot(entries);
    }
}
