using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using RustyNode.Network.Identity;

namespace RustyNode.Bench.Network.Crypto;

/// <summary>
/// Ed25519 sign and verify of a 100-byte message (the size of a Noise static-key signature input
/// plus a little): system OpenSSL through P/Invoke against Portable.BouncyCastle (baseline).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Ed25519Benchmarks : IDisposable
{
    private readonly byte[] _message = new byte[100];
    private readonly byte[] _signature = new byte[64];
    private Ed25519PrivateKey _key = null!;
    private byte[] _publicKey = null!;
    private Ed25519PrivateKeyParameters _bcPrivate = null!;
    private Ed25519PublicKeyParameters _bcPublic = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_message);
        var seed = new byte[32];
        new Random(2).NextBytes(seed);
        _key = Ed25519PrivateKey.FromSeed(seed);
        _publicKey = _key.PublicKey.Data.ToArray();
        _key.Sign(_message, _signature);
        _bcPrivate = new Ed25519PrivateKeyParameters(seed, 0);
        _bcPublic = new Ed25519PublicKeyParameters(_publicKey, 0);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Sign")]
    public byte[] SignBouncyCastle()
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _bcPrivate);
        signer.BlockUpdate(_message, 0, _message.Length);
        return signer.GenerateSignature();
    }

    [Benchmark]
    [BenchmarkCategory("Sign")]
    public byte[] SignOpenSsl()
    {
        _key.Sign(_message, _signature);
        return _signature;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Verify")]
    public bool VerifyBouncyCastle()
    {
        var signer = new Ed25519Signer();
        signer.Init(false, _bcPublic);
        signer.BlockUpdate(_message, 0, _message.Length);
        return signer.VerifySignature(_signature);
    }

    [Benchmark]
    [BenchmarkCategory("Verify")]
    public bool VerifyOpenSsl() => RustyNode.Network.Crypto.Ed25519.Verify(_publicKey, _message, _signature);

    [GlobalCleanup]
    public void Dispose()
    {
        _key?.Dispose();
        GC.SuppressFinalize(this);
    }
}
