using System.Buffers;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>Body of <see cref="MasternodeListRequest"/>: block hash 32, chunk index 4 (MN-2.1).</summary>
public static class MasternodeListRequestCodec
{
    public const int Size = 36;

    public static int GetSize(MasternodeListRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Size;
    }

    public static void Write(MasternodeListRequest message, IBufferWriter<byte> output) =>
        MasternodeMessageCodec.WriteBody(message, GetSize(message), output, WriteBody);

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MasternodeListRequest message) =>
        MasternodeMessageCodec.TryReadBody(ref buffer, TryReadBody, out message);

    internal static void WriteBody(MasternodeListRequest message, ref FieldWriter writer)
    {
        writer.WriteHash(message.BlockHash);
        writer.WriteUInt32(message.ChunkIndex);
    }

    internal static bool TryReadBody(ref SequenceReader<byte> reader, out MasternodeListRequest message)
    {
        message = null!;
        if (!reader.TryReadHash(out var block) || !reader.TryReadUInt32(out var chunk))
        {
            return false;
        }

        message = new MasternodeListRequest(block, chunk);
        return true;
    }
}
