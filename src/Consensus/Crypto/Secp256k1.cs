namespace RustyNode.Consensus.Crypto;

/// <summary>
/// Picks the secp256k1 backend: libsecp256k1 when installed, otherwise NBitcoin.Secp256k1 (a
/// managed port of it). Setting the environment variable <c>RUSTYNODE_SECP256K1=managed</c> forces
/// the managed backend (to exercise the fallback).
/// </summary>
public static class Secp256k1
{
    private static readonly Lazy<ISecp256k1> DefaultInstance = new(Create);

    /// <summary>The process-wide backend (libsecp256k1 when it loads).</summary>
    public static ISecp256k1 Default => DefaultInstance.Value;

    /// <summary>The managed fallback, always available.</summary>
    public static ISecp256k1 Managed { get; } = new ManagedSecp256k1();

    /// <summary>The native backend, or null when libsecp256k1 is not installed.</summary>
    public static ISecp256k1? Native => NativeInstance.Value;

    private static readonly Lazy<ISecp256k1?> NativeInstance = new(() => NativeSecp256k1.TryCreate(out var native) ? native : null);

    /// <summary>Name of the environment variable that can force the managed backend.</summary>
    public const string BackendVariable = "RUSTYNODE_SECP256K1";

    private static ISecp256k1 Create() =>
        string.Equals(Environment.GetEnvironmentVariable(BackendVariable), "managed", StringComparison.OrdinalIgnoreCase)
            ? Managed
            : Native ?? Managed;
}
