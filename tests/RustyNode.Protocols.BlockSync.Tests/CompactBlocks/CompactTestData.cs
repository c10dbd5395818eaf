using System.Buffers.Binary;
using System.Text.Json;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

/// <summary>Vectors, the repository root and small transactions and blocks for the compact-block tests.</summary>
internal static class CompactTestData
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RepositoryRoot => Root.Value;

    public static string VectorsPath => Path.Combine(RepositoryRoot, "specs", "vectors", "protocols", "compact-blocks.json");

    public static string CrossCheckScript => Path.Combine(RepositoryRoot, "tests", "RustyNode.Protocols.BlockSync.Tests", "CompactBlocks", "compact_blocks_crosscheck.py");

    public static JsonElement Vectors() => JsonDocument.Parse(File.ReadAllText(VectorsPath)).RootElement;

    /// <summary>
    /// A distinct, well-formed transaction: one input spending (seed, 0), one output; the default
    /// 107-byte unlocking script is a P2PKH signature and key, so the size (192 bytes) is realistic.
    /// </summary>
    public static Transaction Tx(int seed, int scriptBytes = 107)
    {
        Span<byte> prev = stackalloc byte[Hash256.Size];
        prev.Fill(0x5a);
        BinaryPrimitives.WriteInt32LittleEndian(prev, seed);
        var script = new byte[scriptBytes];
        script.AsSpan().Fill((byte)seed);
        return new Transaction(1, [new TxIn(new OutPoint(new Hash256(prev), 0), script)], [new TxOut(1_000 + seed, new byte[25])], 0);
    }

    /// <summary>A coinbase whose script carries <paramref name="height"/>.</summary>
    public static Transaction Coinbase(int height)
    {
        var script = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(script, height);
        return new Transaction(1, [new TxIn(new OutPoint(Hash256.Zero, uint.MaxValue), script)], [new TxOut(50_0000_0000, new byte[25])], 0);
    }

    /// <summary>A block of a coinbase and <paramref name="transactions"/> with a correct merkle root (proof of work is not met).</summary>
    public static Block Block(IReadOnlyList<Transaction> transactions, int height = 1, Hash256 previous = default)
    {
        List<Transaction> all = [Coinbase(height), .. transactions];
        var root = MerkleTree.ComputeRoot(all, out _);
        return new Block(new BlockHeader(1, previous, root, 1_700_000_000, 0x207fffff, 0), all);
    }

    public static List<Transaction> Txs(int count, int firstSeed = 1) =>
        [.. Enumerable.Range(firstSeed, count).Select(i => Tx(i))];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "specs")) && Directory.Exists(Path.Combine(dir.FullName, "src")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with specs/ and src/) is not above the test binaries.");
    }
}
