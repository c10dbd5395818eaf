using System.Diagnostics;
using NSec.Cryptography;
using RustyNode.Bench.Consensus;
using RustyNode.Bench.Network.Crypto;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Crypto;
using RustyNode.Network.Identity;

namespace RustyNode.Bench.Harness;

/// <summary>
/// <c>crypto</c>: the crypto backends compared A against B in interleaved slices (150 ms of A, then
/// 150 ms of B, twenty times), so that on a shared, loaded machine both see nearly the same load;
/// prints each side's mean rate and the median of the twenty B/A ratios. The BenchmarkDotNet
/// classes (SignatureBenchmarks, Ed25519Benchmarks, X25519Benchmarks) measure the same operations
/// one after another, which a changing background load skews.
/// </summary>
public static class CryptoAbHarness
{
    private const int Rounds = 20;
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(150);

    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Ed25519Pairs();
        X25519Pair();
        Secp256k1Pairs();
        return Task.FromResult(0);
    }

    private static void Ed25519Pairs()
    {
        var message = new byte[100];
        new Random(1).NextBytes(message);
        var seed = new byte[32];
        new Random(2).NextBytes(seed);
        using var key = Ed25519PrivateKey.FromSeed(seed);
        var publicKey = key.PublicKey.Data.ToArray();
        var signature = key.Sign(message);
        var openSslKey = OpenSslEd25519.ImportPrivateKey(seed);
        try
        {
            var scratch = new byte[64];
            Compare("ed25519 verify", "openssl", () => OpenSslEd25519.Verify(publicKey, message, signature), "nsec", () => RustyNode.Network.Crypto.Ed25519.Verify(publicKey, message, signature));
            Compare("ed25519 sign", "openssl", () => { OpenSslEd25519.Sign(openSslKey, message, scratch); return true; }, "nsec", () => { key.Sign(message, scratch); return true; });
        }
        finally
        {
            OpenSslEd25519.Free(openSslKey);
        }
    }

    private static void X25519Pair()
    {
        var algorithm = KeyAgreementAlgorithm.X25519;
        var scalar = new byte[32];
        new Random(3).NextBytes(scalar);
        using var openSsl = X25519KeyPair.FromPrivateKey(scalar);
        using var nsec = Key.Import(algorithm, scalar, KeyBlobFormat.RawPrivateKey);
        using var peer = X25519KeyPair.Generate();
        var peerPublic = peer.PublicKey.ToArray();
        var shared = new byte[32];
        Compare("x25519 agree", "openssl", () => openSsl.TryDeriveSharedSecret(peerPublic, shared), "nsec", () =>
        {
            var exportable = new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
            using var secret = algorithm.Agree(nsec, NSec.Cryptography.PublicKey.Import(algorithm, peerPublic, KeyBlobFormat.RawPublicKey), in exportable);
            return secret is not null && secret.TryExport(SharedSecretBlobFormat.RawSharedSecret, shared, out _);
        });
    }

    private static void Secp256k1Pairs()
    {
        var native = Secp256k1.Native ?? throw new InvalidOperationException("install libsecp256k1-1");
        var key = PrivateKey.FromSeed("crypto-ab", native);
        var digest = Hashes.DoubleSha256("crypto-ab"u8).ToArray();
        var signature = key.Sign(digest);
        var bcl = new BclSecp256k1();
        Compare("secp256k1 verify", "libsecp256k1", () => native.Verify(key.PublicKey, signature, digest), "nbitcoin", () => Secp256k1.Managed.Verify(key.PublicKey, signature, digest));
        Compare("secp256k1 verify", "bcl", () => bcl.Verify(key.PublicKey, signature, digest), "nbitcoin", () => Secp256k1.Managed.Verify(key.PublicKey, signature, digest));
    }

    private static void Compare(string what, string aName, Func<bool> a, string bName, Func<bool> b)
    {
        if (!a() || !b())
        {
            throw new InvalidOperationException($"{what}: {aName} and {bName} must both succeed on the benchmark's input.");
        }

        var ratios = new double[Rounds];
        double sumA = 0, sumB = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var rateA = Rate(a);
            var rateB = Rate(b);
            ratios[round] = rateB / rateA;
            sumA += rateA;
            sumB += rateB;
        }

        Array.Sort(ratios);
        Console.WriteLine($"{what}: {aName} {sumA / Rounds:0}/s, {bName} {sumB / Rounds:0}/s; {bName}/{aName} median {ratios[Rounds / 2]:0.00} (min {ratios[0]:0.00}, max {ratios[^1]:0.00})");
    }

    private static double Rate(Func<bool> operation)
    {
        var watch = Stopwatch.StartNew();
        long count = 0;
        while (watch.Elapsed < Slice)
        {
            for (var i = 0; i < 16; i++)
            {
                operation();
            }

            count += 16;
        }

        return count / watch.Elapsed.TotalSeconds;
    }
}
