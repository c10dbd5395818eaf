using System.Buffers;
using System.Buffers.Binary;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// Byte layouts of the special transaction payloads (MNL-2.2, MNL-5.1) and their signing hash
/// (MNL-2.5). Payloads arrive whole inside a transaction, so a parse either succeeds on exactly the
/// given bytes or the payload is malformed.
/// </summary>
public static class ProviderPayloadCodec
{
    public static byte[] Write(ProviderRegisterPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = new byte[2 + OutPoint.Size + (2 * MasternodeRuleLimits.KeySize) + VarSize(payload.Service) + VarSize(payload.PayoutScript) + 32 + VarSize(payload.CollateralProof)];
        var writer = new SpanWriter(bytes);
        WriteUInt16(ref writer, payload.Version);
        writer.WriteHash(payload.Collateral.TxId);
        writer.WriteUInt32(payload.Collateral.Index);
        writer.WriteBytes(payload.OwnerKey);
        writer.WriteBytes(payload.OperatorKey);
        writer.WriteVarBytes(payload.Service);
        writer.WriteVarBytes(payload.PayoutScript);
        writer.WriteHash(payload.InputsHash);
        writer.WriteVarBytes(payload.CollateralProof);
        return bytes;
    }

    public static byte[] Write(ProviderUpdateServicePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = new byte[2 + 32 + VarSize(payload.Service) + 32 + VarSize(payload.Signature)];
        var writer = new SpanWriter(bytes);
        WriteUInt16(ref writer, payload.Version);
        writer.WriteHash(payload.ProTxHash);
        writer.WriteVarBytes(payload.Service);
        writer.WriteHash(payload.InputsHash);
        writer.WriteVarBytes(payload.Signature);
        return bytes;
    }

    public static byte[] Write(ProviderUpdateRegistrarPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = new byte[2 + 32 + MasternodeRuleLimits.KeySize + VarSize(payload.PayoutScript) + 32 + VarSize(payload.Signature)];
        var writer = new SpanWriter(bytes);
        WriteUInt16(ref writer, payload.Version);
        writer.WriteHash(payload.ProTxHash);
        writer.WriteBytes(payload.OperatorKey);
        writer.WriteVarBytes(payload.PayoutScript);
        writer.WriteHash(payload.InputsHash);
        writer.WriteVarBytes(payload.Signature);
        return bytes;
    }

    public static byte[] Write(ProviderRevokePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = new byte[2 + 32 + 2 + 32 + VarSize(payload.Signature)];
        var writer = new SpanWriter(bytes);
        WriteUInt16(ref writer, payload.Version);
        writer.WriteHash(payload.ProTxHash);
        WriteUInt16(ref writer, payload.Reason);
        writer.WriteHash(payload.InputsHash);
        writer.WriteVarBytes(payload.Signature);
        return bytes;
    }

    public static byte[] Write(CoinbaseCommitment payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = new byte[CoinbaseCommitment.Size];
        var writer = new SpanWriter(bytes);
        WriteUInt16(ref writer, payload.Version);
        writer.WriteUInt32(payload.Count);
        writer.WriteHash(payload.Root);
        return bytes;
    }

    public static bool TryParse(byte[] payload, out ProviderRegisterPayload result) => TryParse(payload, ReadRegister, out result);

    public static bool TryParse(byte[] payload, out ProviderUpdateServicePayload result) => TryParse(payload, ReadUpdateService, out result);

    public static bool TryParse(byte[] payload, out ProviderUpdateRegistrarPayload result) => TryParse(payload, ReadUpdateRegistrar, out result);

    public static bool TryParse(byte[] payload, out ProviderRevokePayload result) => TryParse(payload, ReadRevoke, out result);

    public static bool TryParse(byte[] payload, out CoinbaseCommitment result) => TryParse(payload, ReadCommitment, out result);

    /// <summary>
    /// The hash a payload signature signs (MNL-2.5): double SHA-256 of the transaction type (2 bytes,
    /// little-endian) followed by the payload serialized with its last field (signature or collateral
    /// proof) empty.
    /// </summary>
    public static Hash256 SigningHash(SpecialTransactionType type, byte[] payloadWithEmptySignature)
    {
        ArgumentNullException.ThrowIfNull(payloadWithEmptySignature);
        var preimage = new byte[2 + payloadWithEmptySignature.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(preimage, (ushort)type);
        payloadWithEmptySignature.CopyTo(preimage, 2);
        return Hashes.DoubleSha256(preimage);
    }

    public static Hash256 SigningHash(ProviderRegisterPayload payload) =>
        SigningHash(SpecialTransactionType.ProviderRegister, Write(payload with { CollateralProof = [] }));

    public static Hash256 SigningHash(ProviderUpdateServicePayload payload) =>
        SigningHash(SpecialTransactionType.ProviderUpdateService, Write(payload with { Signature = [] }));

    public static Hash256 SigningHash(ProviderUpdateRegistrarPayload payload) =>
        SigningHash(SpecialTransactionType.ProviderUpdateRegistrar, Write(payload with { Signature = [] }));

    public static Hash256 SigningHash(ProviderRevokePayload payload) =>
        SigningHash(SpecialTransactionType.ProviderRevoke, Write(payload with { Signature = [] }));

    /// <summary>Double SHA-256 of the transaction's input outpoints, each txid and index (MNL-2.6).</summary>
    public static Hash256 InputsHash(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var bytes = new byte[tx.Inputs.Count * OutPoint.Size];
        var writer = new SpanWriter(bytes);
        foreach (var input in tx.Inputs)
        {
            writer.WriteHash(input.PrevOut.TxId);
            writer.WriteUInt32(input.PrevOut.Index);
        }

        return Hashes.DoubleSha256(bytes);
    }

    private delegate bool Reader<T>(ref SequenceReader<byte> reader, out T value);

    private static bool TryParse<T>(byte[] payload, Reader<T> read, out T result)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(payload));
        try
        {
            return read(ref reader, out result) && reader.End;
        }
        catch (ConsensusFormatException)
        {
            result = default!;
            return false;
        }
    }

    private static bool ReadRegister(ref SequenceReader<byte> reader, out ProviderRegisterPayload value)
    {
        value = null!;
        if (!TryReadUInt16(ref reader, out var version) || !reader.TryReadHash(out var txId) || !reader.TryReadUInt32(out var index)
            || !TryReadKey(ref reader, out var owner) || !TryReadKey(ref reader, out var operatorKey)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxServiceSize, out var service)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxPayoutScriptSize, out var payout)
            || !reader.TryReadHash(out var inputsHash)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxCollateralProofSize, out var proof))
        {
            return false;
        }

        value = new ProviderRegisterPayload(version, new OutPoint(txId, index), owner, operatorKey, service, payout, inputsHash, proof);
        return true;
    }

    private static bool ReadUpdateService(ref SequenceReader<byte> reader, out ProviderUpdateServicePayload value)
    {
        value = null!;
        if (!TryReadUInt16(ref reader, out var version) || !reader.TryReadHash(out var proTxHash)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxServiceSize, out var service)
            || !reader.TryReadHash(out var inputsHash)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxSignatureSize, out var signature))
        {
            return false;
        }

        value = new ProviderUpdateServicePayload(version, proTxHash, service, inputsHash, signature);
        return true;
    }

    private static bool ReadUpdateRegistrar(ref SequenceReader<byte> reader, out ProviderUpdateRegistrarPayload value)
    {
        value = null!;
        if (!TryReadUInt16(ref reader, out var version) || !reader.TryReadHash(out var proTxHash)
            || !TryReadKey(ref reader, out var operatorKey)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxPayoutScriptSize, out var payout)
            || !reader.TryReadHash(out var inputsHash)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxSignatureSize, out var signature))
        {
            return false;
        }

        value = new ProviderUpdateRegistrarPayload(version, proTxHash, operatorKey, payout, inputsHash, signature);
        return true;
    }

    private static bool ReadRevoke(ref SequenceReader<byte> reader, out ProviderRevokePayload value)
    {
        value = null!;
        if (!TryReadUInt16(ref reader, out var version) || !reader.TryReadHash(out var proTxHash)
            || !TryReadUInt16(ref reader, out var reason) || !reader.TryReadHash(out var inputsHash)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxSignatureSize, out var signature))
        {
            return false;
        }

        value = new ProviderRevokePayload(version, proTxHash, reason, inputsHash, signature);
        return true;
    }

    private static bool ReadCommitment(ref SequenceReader<byte> reader, out CoinbaseCommitment value)
    {
        value = null!;
        if (!TryReadUInt16(ref reader, out var version) || !reader.TryReadUInt32(out var count) || !reader.TryReadHash(out var root))
        {
            return false;
        }

        value = new CoinbaseCommitment(version, count, root);
        return true;
    }

    private static bool TryReadUInt16(ref SequenceReader<byte> reader, out ushort value)
    {
        var ok = reader.TryReadLittleEndian(out short signed);
        value = (ushort)signed;
        return ok;
    }

    private static bool TryReadKey(ref SequenceReader<byte> reader, out byte[] key)
    {
        key = new byte[MasternodeRuleLimits.KeySize];
        if (!reader.TryCopyTo(key))
        {
            return false;
        }

        reader.Advance(key.Length);
        return true;
    }

    private static void WriteUInt16(ref SpanWriter writer, ushort value)
    {
        writer.WriteByte((byte)value);
        writer.WriteByte((byte)(value >> 8));
    }

    private static int VarSize(byte[] bytes) => CompactSize.GetSize((ulong)bytes.Length) + bytes.Length;
}
