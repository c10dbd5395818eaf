using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests;

/// <summary>Hand-made regtest blocks: a chosen coinbase type and payload, then any transactions.</summary>
internal static class TestBlocks
{
    /// <summary>A mined block on <paramref name="tip"/> whose coinbase has <paramref name="coinbaseType"/> and <paramref name="coinbasePayload"/>.</summary>
    public static Block OnTip(BlockIndexEntry tip, int coinbaseType, byte[]? coinbasePayload, IReadOnlyList<Transaction> transactions, long fees = 0)
    {
        var height = tip.Height + 1;
        var coinbase = new Transaction(
            1 | (coinbaseType << 16),
            [new TxIn(OutPoint.Null, [.. TransactionValidator.CoinbaseHeightPrefix(height), 0x42])],
            [new TxOut(ChainParameters.Regtest.GetBlockSubsidy(height) + fees, [0x51])],
            0,
            coinbasePayload);
        List<Transaction> all = [coinbase, .. transactions];
        var header = new BlockHeader(1, tip.Hash, MerkleTree.ComputeRoot(all, out _), Math.Max(tip.Header.Time + 1, tip.MedianTimePast() + 1), tip.Header.Bits, 0);
        return new Block(ProofOfWork.Mine(header, ChainParameters.Regtest), all);
    }

    /// <summary>A block on <paramref name="tip"/> whose coinbase carries <paramref name="commitment"/>.</summary>
    public static Block WithCommitment(BlockIndexEntry tip, CoinbaseCommitment commitment, IReadOnlyList<Transaction> transactions, long fees = 0) =>
        OnTip(tip, (int)MasternodeRules.CoinbaseType, ProviderPayloadCodec.Write(commitment), transactions, fees);
}
