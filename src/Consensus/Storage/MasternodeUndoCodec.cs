using System.Buffers;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Storage;

/// <summary>
/// Masternode undo data of a connected block (MNL-6.2): its list changes in order, each as the
/// proTxHash, a flag byte (bit 0: an entry before, bit 1: an entry after) and those entries
/// (MNL-4.1). Reverting the changes last to first restores the list of the parent.
/// </summary>
internal static class MasternodeUndoCodec
{
    private const byte HasBefore = 1;
    private const byte HasAfter = 2;

    public static byte[] Write(MasternodeListUpdate update)
    {
        var size = CompactSize.GetSize((ulong)update.Count);
        foreach (var change in update.Changes)
        {
            size += 32 + 1 + (change.Before?.Size ?? 0) + (change.After?.Size ?? 0);
        }

        var bytes = new byte[size];
        var position = CompactSize.Write(bytes, (ulong)update.Count);
        foreach (var change in update.Changes)
        {
            change.ProTxHash.WriteTo(bytes.AsSpan(position));
            position += 32;
            bytes[position++] = (byte)((change.Before is null ? 0 : HasBefore) | (change.After is null ? 0 : HasAfter));
            if (change.Before is not null)
            {
                position += MasternodeEntryCodec.Write(change.Before, bytes.AsSpan(position));
            }

            if (change.After is not null)
            {
                position += MasternodeEntryCodec.Write(change.After, bytes.AsSpan(position));
            }
        }

        return bytes;
    }

    public static MasternodeListUpdate Read(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        if (!CompactSize.TryRead(ref reader, (ulong)bytes.Length, out var count))
        {
            throw new ConsensusFormatException("Truncated masternode undo data.");
        }

        var changes = new List<MasternodeChange>((int)Math.Min(count, 10_000));
        for (ulong i = 0; i < count; i++)
        {
            if (!reader.TryReadHash(out var id) || !reader.TryRead(out var flags))
            {
                throw new ConsensusFormatException("Truncated masternode undo data.");
            }

            var before = (flags & HasBefore) != 0 ? ReadEntry(ref reader) : null;
            var after = (flags & HasAfter) != 0 ? ReadEntry(ref reader) : null;
            changes.Add(new MasternodeChange(id, before, after));
        }

        return new MasternodeListUpdate(changes);
    }

    private static MasternodeEntry ReadEntry(ref SequenceReader<byte> reader) =>
        MasternodeEntryCodec.TryRead(ref reader, out var entry) ? entry : throw new ConsensusFormatException("Truncated masternode undo data.");
}
