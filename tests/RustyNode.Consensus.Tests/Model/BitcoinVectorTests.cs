using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Model;

public class BitcoinVectorTests
{
    private const string GenesisHash = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f";
    private const string GenesisMerkleRoot = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

    [Fact]
    [Trait("Clause", "CHAIN-1.5")]
    public void Bitcoin_genesis_header_hashes_to_the_well_known_id()
    {
        var header = new BlockHeader(1, Hash256.Zero, Hash256.Parse(GenesisMerkleRoot), 1231006505, 0x1d00ffff, 2083236893);
        Assert.Equal(GenesisHash, header.Hash.ToString());
        Assert.Equal(header.Hash, BlockHeader.FromBytes(header.ToBytes()).Hash);
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.1")]
    [Trait("Clause", "CHAIN-1.9")]
    public void Bitcoin_genesis_block_parses_consumes_exactly_and_round_trips()
    {
        var bytes = Vectors.Hex("chain/bitcoin-genesis-block.hex");
        var block = Block.FromBytes(bytes);
        Assert.Equal(GenesisHash, block.Hash.ToString());
        Assert.Single(block.Transactions);
        Assert.True(block.Transactions[0].IsCoinbase);
        Assert.Equal(5_000_000_000, block.Transactions[0].Outputs[0].Value);
        Assert.Equal(1231006505u, block.Header.Time);
        Assert.Equal(0x1d00ffffu, block.Header.Bits);
        Assert.Equal(2083236893u, block.Header.Nonce);
        Assert.Equal(uint.MaxValue, block.Transactions[0].Inputs[0].Sequence);
        Assert.Equal(bytes, block.ToBytes());
        Assert.Equal(bytes.Length, block.Size);
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.7")]
    public void Genesis_coinbase_txid_is_the_genesis_merkle_root()
    {
        var block = Block.FromBytes(Vectors.Hex("chain/bitcoin-genesis-block.hex"));
        Assert.Equal(GenesisMerkleRoot, block.Transactions[0].TxId.ToString());
        var root = MerkleTree.ComputeRoot(block.Transactions, out var mutated);
        Assert.False(mutated);
        Assert.Equal(block.Header.MerkleRoot, root);
        var rebuilt = new Transaction(block.Transactions[0].Version, block.Transactions[0].Inputs, block.Transactions[0].Outputs, 0);
        Assert.Equal(GenesisMerkleRoot, rebuilt.TxId.ToString());
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.10")]
    public void Bitcoin_block_100000_merkle_root_is_reproduced_from_its_txids()
    {
        string[] txids =
        [
            "8c14f0db3df150123e6f3dbbf30f8b955a8249b62ac1d1ff16284aefa3d06d87",
            "fff2525b8931402dd09222c50775608f75787bd2b87e56995a7bdd30f79702c4",
            "6359f0868171b1d194cbee1af2f16ea598ae8fad666d9b012c8ed2b79a236ec4",
            "e9a66845e05d5abc0ad04ec80f774a7e585c6e8db975962d069a522137b80c1d",
        ];
        var root = MerkleTree.ComputeRoot(txids.Select(Hash256.Parse).ToArray(), out var mutated);
        Assert.False(mutated);
        Assert.Equal("f3e94742aca4b5ef85488dc37c06c3282295ffec960994b2c0d5ac2a25a95766", root.ToString());
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.10")]
    public void Duplicated_last_transaction_gives_the_same_root_and_is_flagged_as_mutated()
    {
        var leaves = Enumerable.Range(1, 3).Select(i => Hashes.DoubleSha256([(byte)i])).ToList();
        var root = MerkleTree.ComputeRoot(leaves, out var mutated);
        Assert.False(mutated);
        leaves.Add(leaves[2]);
        var mutatedRoot = MerkleTree.ComputeRoot(leaves, out mutated);
        Assert.Equal(root, mutatedRoot);
        Assert.True(mutated);
    }
}
