using System.Security.Cryptography;
using RustyNode.Consensus.Model;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.ShortIds;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

/// <summary>The sender's side: a block's compact form (CB-2.2, CB-3.4) and the answer to a GetBlockTxs (CB-2.5).</summary>
public static class CompactBlockFactory
{
    /// <summary>The compact form of <paramref name="block"/> with a fresh random nonce, the coinbase prefilled.</summary>
    public static CompactBlock Create(Block block) =>
        Create(block, BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong))));

    /// <summary>The compact form of <paramref name="block"/> with <paramref name="nonce"/>, the coinbase prefilled.</summary>
    public static CompactBlock Create(Block block, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(block);
        var key = ShortIdKey.From(block.Header, nonce);
        var ids = new ulong[block.Transactions.Count - 1];
        for (var i = 1; i < block.Transactions.Count; i++)
        {
            ids[i - 1] = key.Compute(block.Transactions[i].TxId);
        }

        return new CompactBlock(block.Header, nonce, ids, [new PrefilledTransaction(0, block.Transactions[0])]);
    }

    /// <summary>
    /// The transactions of <paramref name="block"/> a GetBlockTxs asks for; null when an index is
    /// beyond the block (a bad index, CB-2.5).
    /// </summary>
    public static BlockTxs? Answer(Block block, GetBlockTxs request)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(request);
        var transactions = new Transaction[request.Indexes.Count];
        for (var i = 0; i < transactions.Length; i++)
        {
            var index = request.Indexes[i];
            if (index >= block.Transactions.Count)
            {
                return null;
            }

            transactions[i] = block.Transactions[index];
        }

        return new BlockTxs(block.Hash, transactions);
    }
}
