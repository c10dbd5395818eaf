using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>
/// Checks a coinbase and its merkle branch against a header the node already holds (MNL-5.3): the
/// way a node with headers only learns the masternode commitment of a block.
/// </summary>
public static class CoinbaseProof
{
    /// <summary>Shortest acceptable coinbase: 64 bytes could pose as an inner node of the merkle tree.</summary>
    public const int MinCoinbaseSize = 65;

    /// <summary>
    /// Accepts <paramref name="coinbase"/> as the coinbase of the block with <paramref name="header"/>
    /// at <paramref name="height"/> and returns the commitment it carries.
    /// </summary>
    public static MasternodeSyncResult Verify(Transaction coinbase, IReadOnlyList<Hash256> branch, BlockHeader header, int height, out CoinbaseCommitment commitment)
    {
        ArgumentNullException.ThrowIfNull(coinbase);
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(header);
        commitment = CoinbaseCommitment.Empty;
        if (!coinbase.IsCoinbase || coinbase.Size < MinCoinbaseSize)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.NotACoinbase, $"{coinbase.TxId} is not a coinbase of at least {MinCoinbaseSize} bytes");
        }

        if (!coinbase.Inputs[0].ScriptSig.AsSpan().StartsWith(TransactionValidator.CoinbaseHeightPrefix(height)))
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.WrongHeight, $"the coinbase does not commit to height {height}");
        }

        var root = MerkleBranch.RootFromFirstLeaf(coinbase.TxId, branch);
        if (root != header.MerkleRoot)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.BadMerkleBranch, $"the branch leads to {root}, the header of {header.Hash} holds {header.MerkleRoot}");
        }

        if (MasternodeRules.ReadCommitment(coinbase) is not { } carried)
        {
            return MasternodeSyncResult.Fail(MasternodeSyncFailure.NoCommitment, $"the coinbase of {header.Hash} carries no masternode commitment");
        }

        commitment = carried;
        return MasternodeSyncResult.Ok;
    }
}
