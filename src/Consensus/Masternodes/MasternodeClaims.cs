using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// What a pending special transaction lays claim to (MNL-7.1): the masternode it changes, and the
/// keys, service address and external collateral it takes. Two mempool transactions may not share a
/// claim, so any subset of the mempool applies to the list in any order. Each claim is a hash of a
/// tag byte and the claimed bytes.
/// </summary>
public static class MasternodeClaims
{
    private const byte Masternode = 1;
    private const byte Owner = 2;
    private const byte Operator = 3;
    private const byte Service = 4;
    private const byte Collateral = 5;

    /// <summary>The claims of <paramref name="tx"/>; none for a normal transaction or a payload that does not parse.</summary>
    public static IReadOnlyList<Hash256> Of(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        switch (tx.Type)
        {
            case SpecialTransactionType.ProviderRegister when ProviderPayloadCodec.TryParse(tx.ExtraPayload, out ProviderRegisterPayload register):
                var claims = new List<Hash256> { Claim(Owner, register.OwnerKey), Claim(Operator, register.OperatorKey), Claim(Service, register.Service) };
                if (!register.Collateral.TxId.IsZero)
                {
                    var outPoint = new byte[OutPoint.Size];
                    register.Collateral.TxId.WriteTo(outPoint);
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(outPoint.AsSpan(32), register.Collateral.Index);
                    claims.Add(Claim(Collateral, outPoint));
                }

                return claims;
            case SpecialTransactionType.ProviderUpdateService when ProviderPayloadCodec.TryParse(tx.ExtraPayload, out ProviderUpdateServicePayload service):
                return [Claim(Masternode, service.ProTxHash.ToArray()), Claim(Service, service.Service)];
            case SpecialTransactionType.ProviderUpdateRegistrar when ProviderPayloadCodec.TryParse(tx.ExtraPayload, out ProviderUpdateRegistrarPayload registrar):
                return [Claim(Masternode, registrar.ProTxHash.ToArray()), Claim(Operator, registrar.OperatorKey)];
            case SpecialTransactionType.ProviderRevoke when ProviderPayloadCodec.TryParse(tx.ExtraPayload, out ProviderRevokePayload revoke):
                return [Claim(Masternode, revoke.ProTxHash.ToArray())];
            default:
                return [];
        }
    }

    /// <summary>The claim a registration or service update makes on <paramref name="service"/>.</summary>
    public static Hash256 ForService(ReadOnlySpan<byte> service) => Claim(Service, service);

    private static Hash256 Claim(byte tag, ReadOnlySpan<byte> value)
    {
        Span<byte> preimage = stackalloc byte[1 + value.Length];
        preimage[0] = tag;
        value.CopyTo(preimage[1..]);
        return Hashes.DoubleSha256(preimage);
    }
}
