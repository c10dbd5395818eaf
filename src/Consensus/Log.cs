using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus;

/// <summary>
/// Source-generated log messages of RustyNode.Consensus, event ids 3000-3999: 3000 chain state,
/// 3100 headers and blocks, 3200 mempool, 3300 storage, 3400 mining, 3500 masternodes.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Chain opened on {Network}: height {Height}, tip {Tip}, {Headers} headers indexed, secp256k1 backend {Backend}")]
    public static partial void ChainOpened(ILogger logger, string network, int height, Hash256 tip, int headers, string backend);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Connected block {Hash} at height {Height} ({Transactions} transactions)")]
    public static partial void BlockConnected(ILogger logger, Hash256 hash, int height, int transactions);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Disconnected block {Hash} at height {Height}")]
    public static partial void BlockDisconnected(ILogger logger, Hash256 hash, int height);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Block {Hash} at height {Height} is invalid: {Reason}")]
    public static partial void BlockInvalid(ILogger logger, Hash256 hash, int height, ValidationResult reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Reorganised from {OldTip} to {NewTip}: {Disconnected} blocks disconnected, {Connected} connected")]
    public static partial void Reorganised(ILogger logger, Hash256 oldTip, Hash256 newTip, int disconnected, int connected);

    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Rejected header {Hash}: {Result}")]
    public static partial void HeaderRejected(ILogger logger, Hash256 hash, ValidationResult result);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Rejected block {Hash}: {Result}")]
    public static partial void BlockRejected(ILogger logger, Hash256 hash, ValidationResult result);

    [LoggerMessage(EventId = 3200, Level = LogLevel.Debug, Message = "Rejected transaction {TxId}: {Result}")]
    public static partial void TransactionRejected(ILogger logger, Hash256 txId, ValidationResult result);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Evicted transaction {TxId} from the mempool ({Reason})")]
    public static partial void TransactionEvicted(ILogger logger, Hash256 txId, string reason);

    [LoggerMessage(EventId = 3400, Level = LogLevel.Information, Message = "Generated {Count} regtest blocks, tip {Tip}")]
    public static partial void Generated(ILogger logger, int count, Hash256 tip);

    [LoggerMessage(EventId = 3500, Level = LogLevel.Debug, Message = "Block {Hash} at height {Height} changed the masternode list {Changes} times: {Count} entries, root {Root}")]
    public static partial void MasternodeListChanged(ILogger logger, Hash256 hash, int height, int changes, int count, Hash256 root);
}
