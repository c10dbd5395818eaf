using System.Buffers.Binary;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Bench.Protocols.BlockSync;

/// <summary>
/// A block of N distinct 192-byte one-input P2PKH-sized transactions (the size of a real signed
/// spend) with a correct merkle root, and a mempool holding a chosen share of them plus as many
/// unrelated ones, shuffled: the inputs of the compact-block benchmark and harness.
/// </summary>
internal static class CompactBlockWorkload
{
    public static Transaction Tx(int seed)
    {
        Span<byte> prev = stackalloc byte[Hash256.Size];
        prev.Fill(0x6b);
        BinaryPrimitives.WriteInt32LittleEndian(prev, seed);
        var script = new byte[107];
        BinaryPrimitives.WriteInt32LittleEndian(script, seed);
        return new Transaction(1, [new TxIn(new OutPoint(new Hash256(prev), 0), script)], [new TxOut(1_000 + seed, new byte[25])], 0);
    }

    public static Block Block(int transactions)
    {
        var coinbase = new Transaction(1, [new TxIn(new OutPoint(Hash256.Zero, uint.MaxValue), [1, 2, 3, 4])], [new TxOut(50_0000_0000, new byte[25])], 0);
        List<Transaction> all = [coinbase, .. Enumerable.Range(1, transactions).Select(Tx)];
        var root = MerkleTree.ComputeRoot(all, out _);
        return new Block(new BlockHeader(1, Hash256.Zero, root, 1_700_000_000, 0x207fffff, 0), all);
    }

    /// <summary>The block's transactions at <paramref name="overlapPercent"/> (every k-th missing) plus the same number of unrelated ones, shuffled.</summary>
    public static Transaction[] Mempool(Block block, int overlapPercent, int seed = 1)
    {
        var shared = block.Transactions.Skip(1).Where((_, i) => i % 100 < overlapPercent);
        var unrelated = Enumerable.Range(10_000_000, block.Transactions.Count - 1).Select(Tx);
        var mempool = shared.Concat(unrelated).ToArray();
        foreach (var tx in mempool)
        {
            _ = tx.TxId;
        }

        new Random(seed).Shuffle(mempool);
        return mempool;
    }
}
