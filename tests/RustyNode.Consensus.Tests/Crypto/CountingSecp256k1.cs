using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Tests.Crypto;

/// <summary>
/// A secp256k1 backend that counts verifications from any thread. Given <c>stallFirstUntilDone</c>,
/// its first verification waits (at most 10 s) until that many others have finished.
/// </summary>
internal sealed class CountingSecp256k1(ISecp256k1 inner, int stallFirstUntilDone = 0) : ISecp256k1
{
    private int _calls;
    private int _done;

    public int Verifications => Volatile.Read(ref _calls);

    /// <summary>Whether the stalled first verification gave up waiting.</summary>
    public bool TimedOut { get; private set; }

    public string Name => inner.Name;

    public bool IsValidPublicKey(ReadOnlySpan<byte> compressedPublicKey) => inner.IsValidPublicKey(compressedPublicKey);

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> hash32)
    {
        if (Interlocked.Increment(ref _calls) == 1 && stallFirstUntilDone > 0)
        {
            TimedOut = !SpinWait.SpinUntil(() => Volatile.Read(ref _done) >= stallFirstUntilDone, TimeSpan.FromSeconds(10));
        }

        var valid = inner.Verify(compressedPublicKey, derSignature, hash32);
        Interlocked.Increment(ref _done);
        return valid;
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32) => inner.Sign(privateKey32, hash32);

    public byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32) => inner.GetPublicKey(privateKey32);
}
