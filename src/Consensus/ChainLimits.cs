namespace RustyNode.Consensus;

/// <summary>
/// Every hostile-input limit of the chain rules as a named constant (spec clauses CHAIN-2 and CHAIN-5).
/// Codecs check them before allocating anything sized by the input.
/// </summary>
public static class ChainLimits
{
    /// <summary>Serialized size of a block header, exactly.</summary>
    public const int HeaderSize = 80;

    /// <summary>Maximum serialized size of a block, header included (CHAIN-5.6).</summary>
    public const int MaxBlockSize = 2_000_000;

    /// <summary>Maximum serialized size of one transaction (CHAIN-5.2).</summary>
    public const int MaxTransactionSize = 1_000_000;

    /// <summary>Smallest possible serialized transaction; bounds the transaction count of a block.</summary>
    public const int MinTransactionSize = 60;

    /// <summary>Maximum number of transactions a block may declare.</summary>
    public const int MaxBlockTransactions = MaxBlockSize / MinTransactionSize;

    /// <summary>Maximum inputs of one transaction (an input is at least 41 bytes).</summary>
    public const int MaxTransactionInputs = MaxTransactionSize / 41;

    /// <summary>Maximum outputs of one transaction (an output is at least 9 bytes).</summary>
    public const int MaxTransactionOutputs = MaxTransactionSize / 9;

    /// <summary>Maximum length of a scriptSig or scriptPubKey.</summary>
    public const int MaxScriptSize = 10_000;

    /// <summary>Maximum length of a special transaction's extra payload.</summary>
    public const int MaxExtraPayloadSize = 10_000;

    /// <summary>Minimum and maximum length of a coinbase scriptSig.</summary>
    public const int MinCoinbaseScriptSize = 2;

    /// <summary>Maximum length of a coinbase scriptSig.</summary>
    public const int MaxCoinbaseScriptSize = 100;

    /// <summary>Maximum headers accepted in one batch and returned for one locator.</summary>
    public const int MaxHeadersPerBatch = 2_000;

    /// <summary>
    /// Maximum headers one call may commit as a chain that must reach a minimum work (CHAIN-4.8);
    /// bounds what a sync manager holds while a chain has not yet shown enough work.
    /// </summary>
    public const int MaxHeadersPerCommit = 50_000;

    /// <summary>Maximum hashes in a block locator.</summary>
    public const int MaxLocatorHashes = 101;

    /// <summary>How far in the future (beyond the local clock) a header time may be (CHAIN-4.3).</summary>
    public static readonly TimeSpan MaxFutureBlockTime = TimeSpan.FromHours(2);

    /// <summary>Number of previous blocks whose median time a new header must exceed (CHAIN-4.2).</summary>
    public const int MedianTimeSpan = 11;

    /// <summary>Largest value a CompactSize may carry anywhere in consensus data.</summary>
    public const ulong MaxCompactSize = 0x0200_0000;
}
