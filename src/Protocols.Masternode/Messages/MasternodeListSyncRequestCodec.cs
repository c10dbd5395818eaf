using System.Buffers;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Body of <see cref="MasternodeListSyncRequest"/>: base hash 32, target hash 32 (MN-3.1).</summary>
public static class MasternodeListSyncRequestCodec
{
    public const int Size = 64;

    public static int GetSize(MasternodeListSyncRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Size;
    }

    public static void Write(MasternodeListSyncRequest message, IBufferWriter<byte> output) =>
        MasternodeMessageCodec.WriteBody(message, GetSize(message), output, WriteBody);

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MasternodeListSyncRequest message) =>
        MasternodeMessageCodec.TryReadBody(ref buffer, TryReadBody, out message);

    internal static void WriteBody(MasternodeListSyncRequest message, ref FieldWriter writer)
    {
        writer.WriteHash(message.BaseBlockHash);
        writer.WriteHash(message.TargetBlockHash);
    }

    internal static bool TryReadBody(ref SequenceReader<byte> reader, out MasternodeListSyncRequest message)
    {
        message = null!;
        if (!reader.TryReadHash(out var baseHash) || !reader.TryReadHash(out var target))
        {
            return false;
        }

        message = new MasternodeListSyncRequest(baseHash, target);
        return true;
    }
}
