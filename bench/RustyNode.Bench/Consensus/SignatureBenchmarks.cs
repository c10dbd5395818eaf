using BenchmarkDotNet.Attributes;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Bench.Consensus;

/// <summary>
/// Signature verifications per second, in one run: the raw libsecp256k1 call (baseline) against
/// our checked paths over libsecp256k1 (primary) and NBitcoin.Secp256k1 (the managed fallback), and,
/// for the record, the BCL ECDsa fallback that NBitcoin.Secp256k1 replaced.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private const int Count = 64;
    private byte[][] _keys = [];
    private byte[][] _signatures = [];
    private byte[][] _digests = [];
    private readonly BclSecp256k1 _bcl = new();
    private NativeSecp256k1 _native = null!;

    [GlobalSetup]
    public void Setup()
    {
        _native = (NativeSecp256k1)(Secp256k1.Native ?? throw new InvalidOperationException("install libsecp256k1-1"));
        var keys = Enumerable.Range(0, Count).Select(i => PrivateKey.FromSeed($"bench/{i}", _native)).ToArray();
        _digests = [.. Enumerable.Range(0, Count).Select(i => Hashes.DoubleSha256(BitConverter.GetBytes(i)).ToArray())];
        _keys = [.. keys.Select(k => k.PublicKey)];
        _signatures = [.. keys.Select((k, i) => k.Sign(_digests[i]))];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public int RawLibsecp256k1Verify()
    {
        var ok = 0;
        for (var i = 0; i < Count; i++)
        {
            ok += _native.VerifyRaw(_keys[i], _signatures[i], _digests[i]) ? 1 : 0;
        }

        return ok;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public int CheckedVerifyLibsecp256k1() => Verify(_native);

    [Benchmark(OperationsPerInvoke = Count)]
    public int CheckedVerifyManagedNBitcoin() => Verify(Secp256k1.Managed);

    [Benchmark(OperationsPerInvoke = Count)]
    public int CheckedVerifyBcl() => Verify(_bcl);

    private int Verify(ISecp256k1 backend)
    {
        var ok = 0;
        for (var i = 0; i < Count; i++)
        {
            ok += backend.Verify(_keys[i], _signatures[i], _digests[i]) ? 1 : 0;
        }

        return ok;
    }
}
