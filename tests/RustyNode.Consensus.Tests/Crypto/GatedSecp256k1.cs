using RustyNode.Consensus.Crypto;

namespace RustyNode.Consensus.Tests.Crypto;

/// <summary>
/// A secp256k1 backend whose first verification, once <see cref="Arm"/> has been called, signals
/// <see cref="Entered"/> and waits (at most 30 s) for <see cref="Release"/>; every other call goes straight through.
/// </summary>
internal sealed class GatedSecp256k1(ISecp256k1 inner) : ISecp256k1, IDisposable
{
    private readonly ManualResetEventSlim _gate = new(false);
    private int _armed;

    public ManualResetEventSlim Entered { get; } = new(false);

    public string Name => inner.Name;

    public void Arm() => Volatile.Write(ref _armed, 1);

    public void Release() => _gate.Set();

    public void Dispose()
    {
        _gate.Dispose();
        Entered.Dispose();
    }

    public bool IsValidPublicKey(ReadOnlySpan<byte> compressedPublicKey) => inner.IsValidPublicKey(compressedPublicKey);

    public bool Verify(ReadOnlySpan<byte> compressedPublicKey, ReadOnlySpan<byte> derSignature, ReadOnlySpan<byte> hash32)
    {
        if (Interlocked.CompareExchange(ref _armed, 0, 1) == 1)
        {
            Entered.Set();
            _gate.Wait(TimeSpan.FromSeconds(30));
        }

        return inner.Verify(compressedPublicKey, derSignature, hash32);
    }

    public byte[] Sign(ReadOnlySpan<byte> privateKey32, ReadOnlySpan<byte> hash32) => inner.Sign(privateKey32, hash32);

    public byte[] GetPublicKey(ReadOnlySpan<byte> privateKey32) => inner.GetPublicKey(privateKey32);
}
