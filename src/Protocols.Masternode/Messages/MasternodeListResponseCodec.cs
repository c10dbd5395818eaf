using System.Buffers;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>
/// Body of <see cref="MasternodeListResponse"/> (MN-2.2): block hash 32, chunk index 4, chunk count 4,
/// total entries 4, coinbase (length-prefixed transaction), branch (count and hashes), entries (count
/// and entries, MNL-4.1).
/// </summary>
public static class MasternodeListResponseCodec
{
    public static int GetSize(MasternodeListResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Entries.Count, MasternodeLimits.MaxEntriesPerChunk, nameof(message));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.CoinbaseBranch.Count, MasternodeLimits.MaxMerkleBranch, nameof(message));
        return 32 + 12 + FieldWriter.CoinbaseSize(message.Coinbase) + FieldWriter.HashesSize(message.CoinbaseBranch) + FieldWriter.EntriesSize(message.Entries);
    }

    public static void Write(MasternodeListResponse message, IBufferWriter<byte> output) =>
        MasternodeMessageCodec.WriteBody(message, GetSize(message), output, WriteBody);

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MasternodeListResponse message) =>
        MasternodeMessageCodec.TryReadBody(ref buffer, TryReadBody, out message);

    internal static void WriteBody(MasternodeListResponse message, ref FieldWriter writer)
    {
        writer.WriteHash(message.BlockHash);
        writer.WriteUInt32(message.ChunkIndex);
        writer.WriteUInt32(message.ChunkCount);
        writer.WriteUInt32(message.TotalEntries);
        writer.WriteCoinbase(message.Coinbase);
        writer.WriteHashes(message.CoinbaseBranch);
        writer.WriteEntries(message.Entries);
    }

    internal static bool TryReadBody(ref SequenceReader<byte> reader, out MasternodeListResponse message)
    {
        message = null!;
        if (!reader.TryReadHash(out var block) || !reader.TryReadUInt32(out var index) || !reader.TryReadUInt32(out var count)
            || !reader.TryReadUInt32(out var total))
        {
            return false;
        }

        if (total > MasternodeLimits.MaxListEntries)
        {
            throw MasternodeProtocolException.OverLimit("list entries", total, MasternodeLimits.MaxListEntries);
        }

        if (count > MasternodeLimits.MaxChunks || index >= count)
        {
            throw new MasternodeProtocolException($"chunk {index} of {count} is not a valid chunk position");
        }

        if (!reader.TryReadCoinbase(out var coinbase)
            || !reader.TryReadHashes(MasternodeLimits.MaxMerkleBranch, "coinbase branch", out var branch)
            || !reader.TryReadEntries(MasternodeLimits.MaxEntriesPerChunk, "chunk entries", out var entries))
        {
            return false;
        }

        message = new MasternodeListResponse(block, index, count, total, coinbase, branch, entries);
        return true;
    }
}
