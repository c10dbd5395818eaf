using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Multiformats;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Serving;

/// <summary>Answers the data requests of /rusty/block-sync/1.0 from the chain (BS-3.1 to BS-3.4).</summary>
public sealed class BlockSyncServer
{
    private readonly ChainService _chain;

    public BlockSyncServer(ChainService chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _chain = chain;
    }

    /// <summary>The answer to a <see cref="GetHeaders"/>, <see cref="BlockRequest"/> or <see cref="BlockRequestByHash"/>.</summary>
    /// <exception cref="ArgumentException">Another message (announcements are the sync manager's).</exception>
    public BlockSyncMessage Answer(BlockSyncMessage request) => request switch
    {
        GetHeaders m => new Headers(_chain.GetHeadersAfter(m.Locator, m.Stop, BlockSyncLimits.MaxHeadersPerReply)),
        BlockRequest m => Blocks(_chain.GetActiveHashes((int)Math.Min(m.StartHeight, int.MaxValue), (int)m.Count), stopAtMissing: true),
        BlockRequestByHash m => Blocks(m.Hashes, stopAtMissing: false),
        _ => throw new ArgumentException($"{request?.Code} is not a data request.", nameof(request)),
    };

    /// <summary>
    /// The stored blocks of <paramref name="hashes"/> in order, leaving out (or, for a height range,
    /// stopping at) the ones not stored, and stopping before the payload would pass the byte cap (BS-3.4).
    /// </summary>
    private BlockResponse Blocks(IReadOnlyList<Hash256> hashes, bool stopAtMissing)
    {
        var blocks = new List<ReadOnlyMemory<byte>>(Math.Min(hashes.Count, BlockSyncLimits.MaxBlocksPerReply));
        // Code byte and the largest count varint (500 fits in two bytes).
        long size = 1 + Varint.GetSize(BlockSyncLimits.MaxBlocksPerReply);
        foreach (var hash in hashes)
        {
            if (blocks.Count == BlockSyncLimits.MaxBlocksPerReply)
            {
                break;
            }

            var bytes = _chain.GetBlockBytes(hash);
            if (bytes is null)
            {
                if (stopAtMissing)
                {
                    break;
                }

                continue;
            }

            size += BlockResponseCodec.EntrySize(bytes.Length);
            if (size > BlockSyncLimits.MaxBlockResponsePayload)
            {
                break;
            }

            blocks.Add(bytes);
        }

        return new BlockResponse(blocks);
    }
}
