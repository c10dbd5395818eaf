using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NSec.Cryptography;
using OpenSslX25519KeyPair = RustyNode.Network.Crypto.X25519KeyPair;

namespace RustyNode.Bench.Network.Crypto;

/// <summary>
/// X25519 as Noise uses it, in one run: a key agreement with a peer's 32 raw public-key bytes (the
/// DH of every handshake message) and a fresh key pair (one ephemeral key per handshake), through
/// system OpenSSL (baseline, P/Invoke) and NSec.Cryptography (libsodium).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class X25519Benchmarks : IDisposable
{
    private static readonly KeyAgreementAlgorithm NSecX25519 = KeyAgreementAlgorithm.X25519;
    private readonly byte[] _shared = new byte[32];
    private OpenSslX25519KeyPair _openSsl = null!;
    private Key _nsec = null!;
    private byte[] _peerPublic = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scalar = new byte[32];
        new Random(3).NextBytes(scalar);
        _openSsl = OpenSslX25519KeyPair.FromPrivateKey(scalar);
        _nsec = Key.Import(NSecX25519, scalar, KeyBlobFormat.RawPrivateKey);
        using var peer = OpenSslX25519KeyPair.Generate();
        _peerPublic = peer.PublicKey.ToArray();
        var expected = new byte[32];
        if (!_openSsl.TryDeriveSharedSecret(_peerPublic, expected) || !AgreeNSec().AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException("NSec and OpenSSL disagree on the shared secret.");
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Agree")]
    public byte[] AgreeOpenSsl()
    {
        _openSsl.TryDeriveSharedSecret(_peerPublic, _shared);
        return _shared;
    }

    [Benchmark]
    [BenchmarkCategory("Agree")]
    public byte[] AgreeNSec()
    {
        var peer = NSec.Cryptography.PublicKey.Import(NSecX25519, _peerPublic, KeyBlobFormat.RawPublicKey);
        var exportable = new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var secret = NSecX25519.Agree(_nsec, peer, in exportable) ?? throw new InvalidOperationException("all-zero secret");
        secret.TryExport(SharedSecretBlobFormat.RawSharedSecret, _shared, out _);
        return _shared;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Generate")]
    public int GenerateOpenSsl()
    {
        using var pair = OpenSslX25519KeyPair.Generate();
        return pair.PublicKey[0];
    }

    [Benchmark]
    [BenchmarkCategory("Generate")]
    public int GenerateNSec()
    {
        using var key = Key.Create(NSecX25519);
        Span<byte> publicKey = stackalloc byte[32];
        key.PublicKey.TryExport(KeyBlobFormat.RawPublicKey, publicKey, out _);
        return publicKey[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _openSsl?.Dispose();
        _nsec?.Dispose();
        GC.SuppressFinalize(this);
    }
}
