using System.Buffers;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Body of <see cref="PoSeResponse"/>: proTxHash 32, nonce 32, block hash 32, signature (length-prefixed, ≤ 72) (MN-4.2).</summary>
public static class PoSeResponseCodec
{
    public static int GetSize(PoSeResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Signature.Length, MasternodeLimits.MaxSignatureSize, nameof(message));
        return 96 + CompactSize.GetSize((ulong)message.Signature.Length) + message.Signature.Length;
    }

    public static void Write(PoSeResponse message, IBufferWriter<byte> output) =>
        MasternodeMessageCodec.WriteBody(message, GetSize(message), output, WriteBody);

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out PoSeResponse message) =>
        MasternodeMessageCodec.TryReadBody(ref buffer, TryReadBody, out message);

    internal static void WriteBody(PoSeResponse message, ref FieldWriter writer)
    {
        writer.WriteHash(message.ProTxHash);
        writer.WriteHash(message.Nonce);
        writer.WriteHash(message.BlockHash);
        writer.WriteVarBytes(message.Signature);
    }

    internal static bool TryReadBody(ref SequenceReader<byte> reader, out PoSeResponse message)
    {
        message = null!;
        if (!reader.TryReadHash(out var proTxHash) || !reader.TryReadHash(out var nonce) || !reader.TryReadHash(out var block)
            || !reader.TryReadVarBytes(MasternodeLimits.MaxSignatureSize, "PoSe signature", out var signature))
        {
            return false;
        }

        message = new PoSeResponse(proTxHash, nonce, block, signature);
        return true;
    }
}
