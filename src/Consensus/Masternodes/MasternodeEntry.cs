using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// One masternode of the deterministic list (MNL-4.1): the registration's txid, its collateral, the
/// owner and operator keys, the service address, the payout script, the registration height and the
/// last revocation reason. Immutable; a special transaction replaces an entry by a changed copy. The
/// operator key is 33 zero bytes and the service empty after a revocation (MNL-3.5).
/// </summary>
public sealed class MasternodeEntry : IEquatable<MasternodeEntry>
{
    private static readonly byte[] NoOperatorKey = new byte[MasternodeRuleLimits.KeySize];
    private Hash256? _leafHash;

    public MasternodeEntry(Hash256 proTxHash, OutPoint collateral, byte[] ownerKey, byte[] operatorKey, byte[] service, byte[] payoutScript, int registeredHeight, ushort revocationReason)
    {
        ArgumentNullException.ThrowIfNull(ownerKey);
        ArgumentNullException.ThrowIfNull(operatorKey);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(payoutScript);
        if (ownerKey.Length != MasternodeRuleLimits.KeySize || operatorKey.Length != MasternodeRuleLimits.KeySize)
        {
            throw new ArgumentException("Owner and operator keys are 33 bytes.", nameof(ownerKey));
        }

        if (service.Length > MasternodeRuleLimits.MaxServiceSize || payoutScript.Length > MasternodeRuleLimits.MaxPayoutScriptSize)
        {
            throw new ArgumentException("Service or payout script over its limit.", nameof(service));
        }

        ProTxHash = proTxHash;
        Collateral = collateral;
        OwnerKey = ownerKey;
        OperatorKey = operatorKey;
        Service = service;
        PayoutScript = payoutScript;
        RegisteredHeight = registeredHeight;
        RevocationReason = revocationReason;
    }

    /// <summary>The id: the txid of the registration.</summary>
    public Hash256 ProTxHash { get; }

    /// <summary>The output whose spending removes this masternode.</summary>
    public OutPoint Collateral { get; }

    /// <summary>Compressed key that signs registrar updates.</summary>
    public byte[] OwnerKey { get; }

    /// <summary>Compressed key that signs service updates and revocations; zeros when revoked.</summary>
    public byte[] OperatorKey { get; }

    /// <summary>The binary multiaddr where the masternode serves (<see cref="ServiceAddress"/>); empty when it has none.</summary>
    public byte[] Service { get; }

    /// <summary>Where rewards would be paid: a pay-to-key-hash script.</summary>
    public byte[] PayoutScript { get; }

    public int RegisteredHeight { get; }

    /// <summary>The reason given by the last revocation; 0 when none or after a service update.</summary>
    public ushort RevocationReason { get; }

    /// <summary>True when an operator key is set.</summary>
    public bool HasOperator => OperatorKey.AsSpan().ContainsAnyExcept((byte)0);

    /// <summary>True when the masternode has an operator and a service address, so it can serve (MNL-4.3).</summary>
    public bool IsValid => HasOperator && Service.Length > 0;

    /// <summary>Serialized size (MNL-4.1).</summary>
    public int Size => MasternodeEntryCodec.GetSize(this);

    /// <summary>The merkle leaf: double SHA-256 of the serialization (MNL-4.2), computed once.</summary>
    public Hash256 LeafHash => _leafHash ??= ComputeLeafHash();

    /// <summary>A copy serving at <paramref name="service"/>, with the revocation reason cleared (MNL-3.3).</summary>
    public MasternodeEntry WithService(byte[] service) =>
        new(ProTxHash, Collateral, OwnerKey, OperatorKey, service, PayoutScript, RegisteredHeight, 0);

    /// <summary>A copy with new registrar fields; a new operator key clears the service (MNL-3.4).</summary>
    public MasternodeEntry WithRegistrar(byte[] operatorKey, byte[] payoutScript)
    {
        var sameOperator = operatorKey.AsSpan().SequenceEqual(OperatorKey);
        return new(ProTxHash, Collateral, OwnerKey, operatorKey, sameOperator ? Service : [], payoutScript, RegisteredHeight, RevocationReason);
    }

    /// <summary>A revoked copy: no operator key, no service, the reason recorded (MNL-3.5).</summary>
    public MasternodeEntry Revoked(ushort reason) =>
        new(ProTxHash, Collateral, OwnerKey, NoOperatorKey, [], PayoutScript, RegisteredHeight, reason);

    /// <summary>The serialization as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        MasternodeEntryCodec.Write(this, bytes);
        return bytes;
    }

    public bool Equals(MasternodeEntry? other) => other is not null && (ReferenceEquals(this, other) || LeafHash == other.LeafHash);

    public override bool Equals(object? obj) => Equals(obj as MasternodeEntry);

    public override int GetHashCode() => LeafHash.GetHashCode();

    public override string ToString() => $"masternode {ProTxHash}";

    private Hash256 ComputeLeafHash()
    {
        Span<byte> bytes = stackalloc byte[MasternodeRuleLimits.MaxEntrySize];
        var size = MasternodeEntryCodec.Write(this, bytes);
        return Hashes.DoubleSha256(bytes[..size]);
    }
}
