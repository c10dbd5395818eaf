using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NSec.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using RustyNode.Network.Identity;

namespace RustyNode.Bench.Network.Crypto;

/// <summary>
/// Ed25519 sign and verify of a 100-byte message (the size of a Noise static-key signature input
/// plus a little), in one run: NSec.Cryptography (libsodium; what <see cref="Ed25519PrivateKey"/>
/// and <see cref="Ed25519PublicKey"/> use), the system OpenSSL through P/Invoke (what they used
/// before, <see cref="OpenSslEd25519"/>) and Portable.BouncyCastle (baseline). Verify takes the
/// public key as 32 raw bytes, as a peer's key arrives; "NSecImportedKey" keeps the imported key
/// object, as a cached public key would.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Ed25519Benchmarks : IDisposable
{
    private static readonly SignatureAlgorithm NSecEd25519 = SignatureAlgorithm.Ed25519;
    private readonly byte[] _message = new byte[100];
    private readonly byte[] _signature = new byte[64];
    private Ed25519PrivateKey _key = null!;
    private byte[] _publicKey = null!;
    private Ed25519PrivateKeyParameters _bcPrivate = null!;
    private Ed25519PublicKeyParameters _bcPublic = null!;
    private IntPtr _openSslKey;
    private NSec.Cryptography.PublicKey _nsecPublic = null!;

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
        _nsecPublic = NSec.Cryptography.PublicKey.Import(NSecEd25519, _publicKey, KeyBlobFormat.RawPublicKey);
        _openSslKey = OpenSslEd25519.ImportPrivateKey(seed);
        if (!SignOpenSsl().AsSpan().SequenceEqual(_signature) || !VerifyNSec() || !VerifyOpenSsl())
        {
            throw new InvalidOperationException("NSec and OpenSSL disagree on the benchmark's signature.");
        }
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
        var signature = new byte[64];
        OpenSslEd25519.Sign(_openSslKey, _message, signature);
        return signature;
    }

    [Benchmark]
    [BenchmarkCategory("Sign")]
    public byte[] SignNSec() => _key.Sign(_message);

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
    public bool VerifyOpenSsl() => OpenSslEd25519.Verify(_publicKey, _message, _signature);

    [Benchmark]
    [BenchmarkCategory("Verify")]
    public bool VerifyNSec() => RustyNode.Network.Crypto.Ed25519.Verify(_publicKey, _message, _signature);

    [Benchmark]
    [BenchmarkCategory("Verify")]
    public bool VerifyNSecImportedKey() => NSecEd25519.Verify(_nsecPublic, _message, _signature);

    [GlobalCleanup]
    public void Dispose()
    {
        _key?.Dispose();
        if (_openSslKey != IntPtr.Zero)
        {
            OpenSslEd25519.Free(_openSslKey);
            _openSslKey = IntPtr.Zero;
        }
        GC.SuppressFinalize(this);
    }
}
