using System.Buffers;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Body of <see cref="MasternodeUpdate"/>: proTxHash 32, block hash 32, timestamp 8, status 1, signature (length-prefixed, ≤ 72) (MN-4.1).</summary>
public static class MasternodeUpdateCodec
{
    public static int GetSize(MasternodeUpdate message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Signature.Length, MasternodeLimits.MaxSignatureSize, nameof(message));
        return 32 + 32 + 8 + 1 + CompactSize.GetSize((ulong)message.Signature.Length) + message.Signature.Length;
    }

    public static void Write(MasternodeUpdate message, IBufferWriter<byte> output) =>
        MasternodeMessageCodec.WriteBody(message, GetSize(message), output, WriteBody);

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MasternodeUpdate message) =>
        MasternodeMessageCodec.TryReadBody(ref buffer, TryReadBody, out message);

    internal static void WriteBody(MasternodeUpdate message, ref FieldWriter writer)
    {
        writer.WriteHash(message.ProTxHash);
        writer.WriteHash(message.BlockHash);
        writer.WriteUInt64(message.Timestamp);
        writer.WriteByte((byte)message.Status);
        writer.WriteVarBytes(message.Signature);
    }

    internal static bool TryReadBody(ref SequenceReader<byte> reader, out MasternodeUpdate message)
    {
        message = null!;
        if (!reader.TryReadHash(out var proTxHash) || !reader.TryReadHash(out var block) || !reader.TryReadUInt64(out var timestamp)
            || !reader.TryRead(out var status) || !reader.TryReadVarBytes(MasternodeLimits.MaxSignatureSize, "update signature", out var signature))
        {
            return false;
        }

        if (status is not ((byte)MasternodeStatus.Serving or (byte)MasternodeStatus.Leaving))
        {
            throw new MasternodeProtocolException($"unknown masternode status {status}");
        }

        message = new MasternodeUpdate(proTxHash, block, timestamp, (MasternodeStatus)status, signature);
        return true;
    }
}
