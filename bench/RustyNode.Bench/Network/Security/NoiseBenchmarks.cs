using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RustyNode.Network.Crypto;
using RustyNode.Network.Identity;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Bench.Network.Security;

/// <summary>
/// Noise transport cost: sealing and opening one maximum-size frame (65519 bytes of plaintext)
/// through our CipherState against the raw BCL ChaCha20Poly1305 (baseline), and full XX
/// handshakes (both sides, payload signing and verification included).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class NoiseBenchmarks : IDisposable
{
    private readonly byte[] _plaintext = new byte[NoiseLimits.MaxPlaintextLength];
    private readonly byte[] _frame = new byte[NoiseLimits.MaxMessageLength];
    private readonly byte[] _opened = new byte[NoiseLimits.MaxPlaintextLength];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private ChaCha20Poly1305 _raw = null!;
    private CipherState _sealer = null!;
    private CipherState _opener = null!;
    private Ed25519PrivateKey _initiatorIdentity = null!;
    private Ed25519PrivateKey _responderIdentity = null!;
    private X25519KeyPair _initiatorStatic = null!;
    private X25519KeyPair _responderStatic = null!;
    private byte[] _initiatorPayload = null!;
    private byte[] _responderPayload = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_plaintext);
        var key = new byte[32];
        _raw = new ChaCha20Poly1305(key);
        _sealer = new CipherState();
        _opener = new CipherState();
        _sealer.InitializeKey(key);
        _opener.InitializeKey(key);
        _initiatorIdentity = Ed25519PrivateKey.FromSeedNumber(1);
        _responderIdentity = Ed25519PrivateKey.FromSeedNumber(2);
        _initiatorStatic = X25519KeyPair.Generate();
        _responderStatic = X25519KeyPair.Generate();
        _initiatorPayload = NoiseSecurity.BuildPayload(_initiatorIdentity, _initiatorStatic.PublicKey, []);
        _responderPayload = NoiseSecurity.BuildPayload(_responderIdentity, _responderStatic.PublicKey, []);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Frame")]
    public void SealOpenRawChaCha20Poly1305()
    {
        _raw.Encrypt(_nonce, _plaintext, _frame.AsSpan(0, _plaintext.Length), _tag);
        _raw.Decrypt(_nonce, _frame.AsSpan(0, _plaintext.Length), _tag, _opened);
    }

    [Benchmark]
    [BenchmarkCategory("Frame")]
    public int SealOpenNoiseCipherState()
    {
        var written = _sealer.Encrypt(default, _plaintext, _frame);
        return _opener.Decrypt(default, _frame.AsSpan(0, written), _opened);
    }

    [Benchmark]
    [BenchmarkCategory("Handshake")]
    public int FullXxHandshake()
    {
        using var initiator = new NoiseHandshakeState(true, _initiatorStatic, default);
        using var responder = new NoiseHandshakeState(false, _responderStatic, default);
        Span<byte> message = stackalloc byte[512];
        var length = initiator.WriteMessage([], message);
        responder.ReadMessage(message[..length]);
        length = responder.WriteMessage(_responderPayload, message);
        var payload = initiator.ReadMessage(message[..length]);
        NoiseSecurity.VerifyPayload(payload, initiator.RemoteStaticKey, null);
        length = initiator.WriteMessage(_initiatorPayload, message);
        payload = responder.ReadMessage(message[..length]);
        NoiseSecurity.VerifyPayload(payload, responder.RemoteStaticKey, null);
        var (send, receive) = initiator.Split();
        send.Dispose();
        receive.Dispose();
        (send, receive) = responder.Split();
        send.Dispose();
        receive.Dispose();
        return length;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _raw?.Dispose();
        _sealer?.Dispose();
        _opener?.Dispose();
        _initiatorIdentity?.Dispose();
        _responderIdentity?.Dispose();
        _initiatorStatic?.Dispose();
        _responderStatic?.Dispose();
        GC.SuppressFinalize(this);
    }
}
