using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>
/// Puts a full list together from its chunks, in order, checking each as it arrives (MN-2.3): the
/// coinbase proof against the header the node holds, the chunk's place and size, the entries' order;
/// and at the end the count and root against the commitment. Nothing is kept from a refused list.
/// </summary>
public sealed class MasternodeListAssembler
{
    private readonly BlockHeader _header;
    private readonly int _height;
    private readonly List<MasternodeEntry> _entries = [];
    private CoinbaseCommitment? _commitment;
    private uint _chunkCount;
    private uint _nextChunk;

    /// <param name="header">The header of the block whose list is fetched (from the node's header chain).</param>
    /// <param name="height">Its height.</param>
    public MasternodeListAssembler(BlockHeader header, int height)
    {
        ArgumentNullException.ThrowIfNull(header);
        _header = header;
        _height = height;
    }

    /// <summary>The chunk to ask for next.</summary>
    public uint NextChunk => _nextChunk;

    /// <summary>True once every chunk arrived and the list matched the commitment.</summary>
    public bool IsComplete => Result is not null;

    /// <summary>The verified list once complete.</summary>
    public MasternodeList? Result { get; private set; }

    /// <summary>Number of chunks in <paramref name="total"/> entries: max(1, ⌈total / E⌉).</summary>
    public static uint ChunkCountFor(uint total) => Math.Max(1, (total + MasternodeLimits.MaxEntriesPerChunk - 1) / MasternodeLimits.MaxEntriesPerChunk);

    /// <summary>Entries chunk <paramref name="index"/> of a list of <paramref name="total"/> holds.</summary>
    public static int EntriesInChunk(uint total, uint index) =>
        (int)Math.Min(MasternodeLimits.MaxEntriesPerChunk, Math.Max(0L, total - ((long)index * MasternodeLimits.MaxEntriesPerChunk)));

    /// <summary>Checks and keeps the next chunk.</summary>
    public MasternodeSyncResult Add(MasternodeListResponse chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (Result is not null)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.ChunkMismatch, "the list is already complete");
        }

        if (chunk.BlockHash != _header.Hash)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.WrongBlock, $"a chunk for {chunk.BlockHash}, asked for {_header.Hash}");
        }

        var proof = CoinbaseProof.Verify(chunk.Coinbase, chunk.CoinbaseBranch, _header, _height, out var commitment);
        if (!proof.IsOk)
        {
            return proof;
        }

        var shape = CheckShape(chunk, commitment);
        if (!shape.IsOk)
        {
            return shape;
        }

        var previous = _entries.Count > 0 ? _entries[^1].ProTxHash : (Hash256?)null;
        foreach (var entry in chunk.Entries)
        {
            if (previous is { } last && entry.ProTxHash <= last)
            {
                return MasternodeSyncResult.Fail(MasternodeSyncFailure.Unordered, $"{entry.ProTxHash} does not follow {last}");
            }

            previous = entry.ProTxHash;
        }

        _commitment = commitment;
        _chunkCount = chunk.ChunkCount;
        _entries.AddRange(chunk.Entries);
        _nextChunk++;
        return _nextChunk == _chunkCount ? Finish(commitment) : MasternodeSyncResult.Ok;
    }

    private MasternodeSyncResult CheckShape(MasternodeListResponse chunk, CoinbaseCommitment commitment)
    {
        if (commitment.Count > MasternodeLimits.MaxListEntries)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.ChunkMismatch, $"the commitment counts {commitment.Count} entries, more than {MasternodeLimits.MaxListEntries}");
        }

        if (_commitment is not null && commitment != _commitment)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.ChunkMismatch, "chunks carry different commitments");
        }

        if (chunk.TotalEntries != commitment.Count || chunk.ChunkCount != ChunkCountFor(commitment.Count)
            || chunk.ChunkIndex != _nextChunk || chunk.Entries.Count != EntriesInChunk(commitment.Count, chunk.ChunkIndex))
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.ChunkMismatch, $"chunk {chunk.ChunkIndex}/{chunk.ChunkCount} with {chunk.Entries.Count} of {chunk.TotalEntries} entries; expected chunk {_nextChunk} of a {commitment.Count}-entry list");
        }

        return MasternodeSyncResult.Ok;
    }

    private MasternodeSyncResult Finish(CoinbaseCommitment commitment)
    {
        var root = MasternodeList.ComputeRoot(_entries);
        if (root != commitment.Root)
        {
            _entries.Clear();
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.CommitmentMismatch, $"the entries give root {root}, the coinbase commits to {commitment.Root}");
        }

        try
        {
            Result = new MasternodeList(_entries);
        }
        catch (ArgumentException ex)
        {
            // The committed list itself repeats a unique field: the chain rules would never build it.
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.CommitmentMismatch, ex.Message);
        }

        return MasternodeSyncResult.Ok;
    }
}
