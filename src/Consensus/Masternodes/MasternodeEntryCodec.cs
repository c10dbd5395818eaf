using System.Buffers;
using System.Buffers.Binary;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// Serialization of a masternode entry (MNL-4.1): proTxHash (32), collateral txid (32) and index (4),
/// owner key (33), operator key (33), CompactSize-prefixed service, CompactSize-prefixed payout script,
/// registered height (4) and revocation reason (2), little-endian. The same bytes are the merkle leaf
/// preimage, the store's row and the wire form of the list protocol.
/// </summary>
public static class MasternodeEntryCodec
{
    public static int GetSize(MasternodeEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return 32 + OutPoint.Size + (2 * MasternodeRuleLimits.KeySize)
            + CompactSize.GetSize((ulong)entry.Service.Length) + entry.Service.Length
            + CompactSize.GetSize((ulong)entry.PayoutScript.Length) + entry.PayoutScript.Length
            + 4 + 2;
    }

    /// <summary>Writes the entry into a span of at least <see cref="GetSize"/> bytes; returns the bytes written.</summary>
    public static int Write(MasternodeEntry entry, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var writer = new SpanWriter(destination);
        writer.WriteHash(entry.ProTxHash);
        writer.WriteHash(entry.Collateral.TxId);
        writer.WriteUInt32(entry.Collateral.Index);
        writer.WriteBytes(entry.OwnerKey);
        writer.WriteBytes(entry.OperatorKey);
        writer.WriteVarBytes(entry.Service);
        writer.WriteVarBytes(entry.PayoutScript);
        writer.WriteUInt32((uint)entry.RegisteredHeight);
        writer.WriteByte((byte)entry.RevocationReason);
        writer.WriteByte((byte)(entry.RevocationReason >> 8));
        return writer.Position;
    }

    /// <summary>Writes the entry with one GetSpan/Advance.</summary>
    public static void Write(MasternodeEntry entry, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(entry);
        Write(entry, output.GetSpan(size));
        output.Advance(size);
    }

    /// <summary>
    /// Reads one entry. False (nothing consumed) when the input ends inside it; throws
    /// <see cref="ConsensusFormatException"/> when a length is over its limit or the height is out of range.
    /// </summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out MasternodeEntry entry)
    {
        entry = null!;
        var start = reader.Consumed;
        if (!TryReadBody(ref reader, out var read))
        {
            reader.Rewind(reader.Consumed - start);
            return false;
        }

        entry = read!;
        return true;
    }

    /// <summary>Parses a buffer holding exactly one entry.</summary>
    public static MasternodeEntry FromBytes(ReadOnlyMemory<byte> bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (!TryRead(ref reader, out var entry))
        {
            throw new ConsensusFormatException("The masternode entry is truncated.");
        }

        return reader.End ? entry : throw new ConsensusFormatException($"{reader.Remaining} bytes follow the masternode entry.");
    }

    private static bool TryReadBody(ref SequenceReader<byte> reader, out MasternodeEntry? entry)
    {
        entry = null;
        var owner = new byte[MasternodeRuleLimits.KeySize];
        var operatorKey = new byte[MasternodeRuleLimits.KeySize];
        Span<byte> reason = stackalloc byte[2];
        if (!reader.TryReadHash(out var proTxHash)
            || !reader.TryReadHash(out var collateralTxId)
            || !reader.TryReadUInt32(out var collateralIndex)
            || !reader.TryCopyTo(owner))
        {
            return false;
        }

        reader.Advance(owner.Length);
        if (!reader.TryCopyTo(operatorKey))
        {
            return false;
        }

        reader.Advance(operatorKey.Length);
        if (!reader.TryReadVarBytes(MasternodeRuleLimits.MaxServiceSize, out var service)
            || !reader.TryReadVarBytes(MasternodeRuleLimits.MaxPayoutScriptSize, out var payout)
            || !reader.TryReadUInt32(out var height)
            || !reader.TryCopyTo(reason))
        {
            return false;
        }

        reader.Advance(2);
        if (height > int.MaxValue)
        {
            throw new ConsensusFormatException($"Masternode registered height {height} is out of range.");
        }

        entry = new MasternodeEntry(proTxHash, new OutPoint(collateralTxId, collateralIndex), owner, operatorKey, service, payout, (int)height, BinaryPrimitives.ReadUInt16LittleEndian(reason));
        return true;
    }
}
