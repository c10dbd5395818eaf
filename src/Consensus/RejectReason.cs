namespace RustyNode.Consensus;

/// <summary>
/// Why a header, block or transaction was refused. The network layer maps each to a peer penalty;
/// <see cref="None"/> means accepted. Values are stable (they may be logged and persisted).
/// </summary>
public enum RejectReason
{
    None = 0,

    // Encoding
    Malformed = 1,
    Oversize = 2,

    // Headers
    BadProofOfWork = 10,
    BadDifficulty = 11,
    TimeTooOld = 12,
    TimeTooNew = 13,
    UnknownParent = 14,
    InvalidParent = 15,
    BadVersion = 16,
    KnownInvalid = 17,
    Duplicate = 18,
    CheckpointMismatch = 19,
    HeadersNotContinuous = 20,
    InsufficientWork = 21,

    // Blocks
    BadMerkleRoot = 30,
    MutatedMerkleTree = 31,
    NoTransactions = 32,
    FirstNotCoinbase = 33,
    MultipleCoinbases = 34,
    BadCoinbaseHeight = 35,
    BadCoinbaseAmount = 36,
    DuplicateTransaction = 37,
    HeaderUnknown = 38,

    // Transactions
    NoInputs = 50,
    NoOutputs = 51,
    NegativeOrLargeOutput = 52,
    TotalOutputTooLarge = 53,
    DuplicateInput = 54,
    BadCoinbaseScript = 55,
    NullPrevout = 56,
    MissingInputs = 57,
    DoubleSpend = 58,
    Overspend = 59,
    PrematureCoinbaseSpend = 60,
    BadSignature = 61,
    NonCanonicalSignature = 62,
    UnsupportedScript = 63,
    SpecialTransactionNotActive = 64,
    BadSpecialPayload = 65,
    CoinbaseInMempool = 66,
    NotFinal = 67,

    // Mempool policy
    AlreadyInMempool = 80,
    AlreadyConfirmed = 81,
    MempoolConflict = 82,
    FeeTooLow = 83,
    MempoolFull = 84,
    Orphan = 85,
    OrphanPoolFull = 86,
    NotRegtest = 87,

    // Masternode rules (specs/chain/02-masternodes.md)
    BadCoinbasePayload = 100,
    BadMasternodeCommitment = 101,
    BadCollateral = 102,
    DuplicateMasternodeField = 103,
    UnknownMasternode = 104,
    BadPayloadSignature = 105,
    MasternodeNotOperated = 106,
}
