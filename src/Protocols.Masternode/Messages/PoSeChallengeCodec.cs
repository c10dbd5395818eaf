using System.Buffers;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Body of <see cref="PoSeChallenge"/>: proTxHash 32, nonce 32, block hash 32 (MN-4.2).</summary>
public static class PoSeChallengeCodec
{
    public const int Size = 96;

    public static int GetSize(PoSeChallenge message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Size;
    }

    public static void Write(PoSeChallenge message, IBufferWriter<byte> output) =>
        MasternodeMessageCodec.WriteBody(message, GetSize(message), output, WriteBody);

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out PoSeChallenge message) =>
        MasternodeMessageCodec.TryReadBody(ref buffer, TryReadBody, out message);

    internal static void WriteBody(PoSeChallenge message, ref FieldWriter writer)
    {
        writer.WriteHash(message.ProTxHash);
        writer.WriteHash(message.Nonce);
        writer.WriteHash(message.BlockHash);
    }

    internal static bool TryReadBody(ref SequenceReader<byte> reader, out PoSeChallenge message)
    {
        message = null!;
        if (!reader.TryReadHash(out var proTxHash) || !reader.TryReadHash(out var nonce) || !reader.TryReadHash(out var block))
        {
            return false;
        }

        message = new PoSeChallenge(proTxHash, nonce, block);
        return true;
    }
}
