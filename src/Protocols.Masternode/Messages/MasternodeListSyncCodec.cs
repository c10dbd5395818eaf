using System.Buffers;

namespace RustyNode.Protocols.Masternode.Messages;

/// <summary>
/// Body of <see cref="MasternodeListSync"/> (MN-3.2): base hash 32, target hash 32, coinbase
/// (length-prefixed transaction), branch (count and hashes), added (count and entries), updated (count
/// and entries), removed (count and ids). Added and updated together are at most
/// <see cref="MasternodeLimits.MaxDiffEntries"/>.
/// </summary>
public static class MasternodeListSyncCodec
{
    public static int GetSize(MasternodeListSync message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Added.Count + message.Updated.Count, MasternodeLimits.MaxDiffEntries, nameof(message));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.Removed.Count, MasternodeLimits.MaxDiffRemoved, nameof(message));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(message.CoinbaseBranch.Count, MasternodeLimits.MaxMerkleBranch, nameof(message));
        return 64 + FieldWriter.CoinbaseSize(message.Coinbase) + FieldWriter.HashesSize(message.CoinbaseBranch)
            + FieldWriter.EntriesSize(message.Added) + FieldWriter.EntriesSize(message.Updated) + FieldWriter.HashesSize(message.Removed);
    }

    public static void Write(MasternodeListSync message, IBufferWriter<byte> output) =>
        MasternodeMessageCodec.WriteBody(message, GetSize(message), output, WriteBody);

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MasternodeListSync message) =>
        MasternodeMessageCodec.TryReadBody(ref buffer, TryReadBody, out message);

    internal static void WriteBody(MasternodeListSync message, ref FieldWriter writer)
    {
        writer.WriteHash(message.BaseBlockHash);
        writer.WriteHash(message.TargetBlockHash);
        writer.WriteCoinbase(message.Coinbase);
        writer.WriteHashes(message.CoinbaseBranch);
        writer.WriteEntries(message.Added);
        writer.WriteEntries(message.Updated);
        writer.WriteHashes(message.Removed);
    }

    internal static bool TryReadBody(ref SequenceReader<byte> reader, out MasternodeListSync message)
    {
        message = null!;
        if (!reader.TryReadHash(out var baseHash) || !reader.TryReadHash(out var target)
            || !reader.TryReadCoinbase(out var coinbase)
            || !reader.TryReadHashes(MasternodeLimits.MaxMerkleBranch, "coinbase branch", out var branch)
            || !reader.TryReadEntries(MasternodeLimits.MaxDiffEntries, "added entries", out var added)
            || !reader.TryReadEntries(MasternodeLimits.MaxDiffEntries - added.Length, "updated entries", out var updated)
            || !reader.TryReadHashes(MasternodeLimits.MaxDiffRemoved, "removed ids", out var removed))
        {
            return false;
        }

        message = new MasternodeListSync(baseHash, target, coinbase, branch, added, updated, removed);
        return true;
    }
}
