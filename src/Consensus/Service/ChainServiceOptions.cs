using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mempool;

namespace RustyNode.Consensus.Service;

/// <summary>Options of <see cref="ChainService"/>; every default is stated here.</summary>
public sealed class ChainServiceOptions
{
    /// <summary>Database file name inside the data dir. Default "chain.sqlite".</summary>
    public string DatabaseFileName { get; init; } = "chain.sqlite";

    /// <summary>Mempool policy. Default: <see cref="MempoolOptions"/> defaults.</summary>
    public MempoolOptions Mempool { get; init; } = new();

    /// <summary>Signature backend, threads and special-transaction rules. Default: <see cref="BlockConnectOptions"/> defaults.</summary>
    public BlockConnectOptions Connect { get; init; } = new();

    /// <summary>Clock for header time checks and regtest block times. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Script that regtest "generate" pays the coinbase to. Default: the pay-to-key-hash script of
    /// <see cref="RegtestKeys.Miner"/>, a published key, so demos can spend the coins.
    /// </summary>
    public byte[]? GeneratePayoutScript { get; init; }

    /// <summary>Most blocks one "generate" command may produce. Default 1,000.</summary>
    public int MaxGenerateBlocks { get; init; } = 1_000;

    /// <summary>Most generated spends one "generate" command may put in each block. Default 1,000.</summary>
    public int MaxGenerateTransactionsPerBlock { get; init; } = 1_000;
}
