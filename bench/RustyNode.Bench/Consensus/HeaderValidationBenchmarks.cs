using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;

namespace RustyNode.Bench.Consensus;

/// <summary>
/// Header validation rate against the raw double SHA-256 rate of 80-byte headers (goal: at least a
/// quarter). Each operation handles 1,000 headers: parse (which hashes), then every header rule
/// against the parent entry (proof of work, nBits, median time past, future limit, version).
/// </summary>
[MemoryDiagnoser]
public class HeaderValidationBenchmarks
{
    private const int Count = 1_000;
    private byte[][] _raw = [];
    private BlockIndexEntry[] _parents = [];
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    [GlobalSetup]
    public void Setup()
    {
        var generator = new ChainGenerator(ChainParameters.Regtest);
        var blocks = generator.Build(Count);
        _raw = [.. blocks.Select(b => b.Header.ToBytes())];
        _parents = new BlockIndexEntry[Count];
        var entry = new BlockIndexEntry(ChainParameters.Regtest.GenesisBlock.Header, null, 0);
        for (var i = 0; i < Count; i++)
        {
            _parents[i] = entry;
            entry = new BlockIndexEntry(blocks[i].Header, entry, i + 1);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int RawDoubleSha256()
    {
        Span<byte> digest = stackalloc byte[32];
        var x = 0;
        foreach (var header in _raw)
        {
            SHA256.HashData(header, digest);
            SHA256.HashData(digest, digest);
            x += digest[0];
        }

        return x;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int ParseAndValidate()
    {
        var accepted = 0;
        for (var i = 0; i < _raw.Length; i++)
        {
            var header = BlockHeader.FromBytes(_raw[i]);
            if (HeaderValidator.Check(header, _parents[i], ChainParameters.Regtest, _now).IsAccepted)
            {
                accepted++;
            }
        }

        return accepted;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int WriteHeader()
    {
        Span<byte> buffer = stackalloc byte[80];
        var x = 0;
        foreach (var parent in _parents)
        {
            parent.Header.WriteTo(buffer);
            x += buffer[4];
        }

        return x;
    }
}
