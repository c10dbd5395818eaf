using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mining;

/// <summary>Builds and mines a block on a given parent (regtest production, tests, generators).</summary>
public static class BlockAssembler
{
    /// <summary>
    /// A block at <paramref name="height"/> on <paramref name="previous"/>: a coinbase committing to the height and paying
    /// subsidy plus <paramref name="fees"/> to <paramref name="payoutScript"/>, then <paramref name="transactions"/>;
    /// mined to <paramref name="bits"/> (only practical on regtest's trivial target). From the masternode activation
    /// height the coinbase is of type 5 and carries <paramref name="masternodes"/> (MNL-5.1), which is then required.
    /// </summary>
    public static Block Create(ChainParameters parameters, Hash256 previous, int height, uint bits, uint time, IReadOnlyList<Transaction> transactions, long fees, byte[] payoutScript, uint extraNonce = 0, CoinbaseCommitment? masternodes = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transactions);
        byte[] scriptSig = [.. TransactionValidator.CoinbaseHeightPrefix(height), (byte)extraNonce, (byte)(extraNonce >> 8), (byte)(extraNonce >> 16), (byte)(extraNonce >> 24)];
        var active = parameters.MasternodesActiveAt(height);
        if (active && masternodes is null)
        {
            throw new ArgumentException($"A block at height {height} must commit to the masternode list.", nameof(masternodes));
        }

        var coinbase = new Transaction(
            active ? 1 | ((int)MasternodeRules.CoinbaseType << 16) : 1,
            [new TxIn(OutPoint.Null, scriptSig)],
            [new TxOut(parameters.GetBlockSubsidy(height) + fees, payoutScript)],
            0,
            active ? ProviderPayloadCodec.Write(masternodes!) : null);
        var all = new List<Transaction>(transactions.Count + 1) { coinbase };
        all.AddRange(transactions);
        var root = MerkleTree.ComputeRoot(all, out _);
        var header = ProofOfWork.Mine(new BlockHeader(1, previous, root, time, bits, 0), parameters);
        return new Block(header, all);
    }

    /// <summary>
    /// A block on the current tip of <paramref name="chain"/>, time the later of now and the median time past + 1,
    /// committing to the masternode list the transactions lead to.
    /// </summary>
    public static Block CreateOnTip(ChainManager chain, IReadOnlyList<Transaction> transactions, long fees, byte[] payoutScript, DateTimeOffset now, uint extraNonce = 0)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var tip = chain.Tip;
        var time = (uint)Math.Max(now.ToUnixTimeSeconds(), tip.MedianTimePast() + 1L);
        var bits = ProofOfWork.GetNextWorkRequired(tip, chain.Parameters);
        var masternodes = chain.Parameters.MasternodesActiveAt(tip.Height + 1) ? chain.ComputeNextCommitment(transactions) : null;
        return Create(chain.Parameters, tip.Hash, tip.Height + 1, bits, time, transactions, fees, payoutScript, extraNonce, masternodes);
    }
}
