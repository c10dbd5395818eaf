using RustyNode.Consensus;

namespace RustyNode.Protocols.BlockSync;

/// <summary>
/// Every hostile-peer limit of /rusty/block-sync/1.0 (specs/protocols/01-block-sync.md, BS-1 and
/// BS-2). Readers check them before allocating anything sized by the input.
/// </summary>
public static class BlockSyncLimits
{
    /// <summary>Largest payload of one frame that is a whole message, and largest data of one chunk (BS-1.2): 1 MiB.</summary>
    public const int MaxChunkData = 1024 * 1024;

    /// <summary>Bytes a chunk frame spends before its data: code, total length, offset (BS-1.3).</summary>
    public const int ChunkHeaderSize = 1 + 4 + 4;

    /// <summary>Largest frame payload a response reader accepts (a full chunk) (BS-1.2).</summary>
    public const int MaxFramePayload = MaxChunkData + ChunkHeaderSize;

    /// <summary>Largest reassembled message (BS-1.3): 10 MiB.</summary>
    public const int MaxMessageSize = 10 * 1024 * 1024;

    /// <summary>Largest request payload (BS-1.4): requests are never chunked; the largest legal one is 16,003 bytes.</summary>
    public const int MaxRequestSize = 16 * 1024;

    /// <summary>Most hashes in a GetHeaders locator (BS-2.1).</summary>
    public const int MaxLocatorHashes = ChainLimits.MaxLocatorHashes;

    /// <summary>Most headers in one Headers reply (BS-2.2).</summary>
    public const int MaxHeadersPerReply = ChainLimits.MaxHeadersPerBatch;

    /// <summary>Most blocks one BlockRequest or BlockRequestByHash may ask for (BS-2.3, BS-2.4).</summary>
    public const int MaxBlocksPerRequest = 500;

    /// <summary>Most blocks in one BlockResponse (BS-2.5).</summary>
    public const int MaxBlocksPerReply = 500;

    /// <summary>The byte cap of a BlockResponse payload: the responder stops adding blocks before it (BS-3.3).</summary>
    public const int MaxBlockResponsePayload = MaxMessageSize;

    /// <summary>Smallest serialized block: an 80-byte header and a one-byte transaction count.</summary>
    public const int MinBlockSize = ChainLimits.HeaderSize + 1;

    /// <summary>Most headers in one HeaderAnnouncement (BS-2.6).</summary>
    public const int MaxAnnouncedHeaders = 16;

    /// <summary>Most headers held uncommitted while a chain has not yet shown enough work (BS-4.5).</summary>
    public const int MaxPendingHeaders = ChainLimits.MaxHeadersPerCommit;

    /// <summary>Most bytes of downloaded blocks held in memory waiting for their turn to connect (BS-5.5): 64 MiB.</summary>
    public const long MaxBufferedBlockBytes = 64L * 1024 * 1024;
}
