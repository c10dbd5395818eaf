using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.Masternode;

/// <summary>Masternode protocol logs: event ids 7000-7099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Debug, Message = "masternode: {Peer} misbehaved: {Reason} ({Detail})")]
    public static partial void Misbehaved(ILogger logger, PeerId peer, string reason, string detail);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "masternode: {Kind} request to {Peer} failed: {Detail}")]
    public static partial void RequestFailed(ILogger logger, Messages.MasternodeMessageType kind, PeerId peer, string detail);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "masternode: {Source} sync of the list at {Block} (height {Height}) from {Peer}: {Entries} entries, root {Root}, {Bytes} bytes in {Milliseconds:0.#} ms")]
    public static partial void Synced(ILogger logger, string source, Hash256 block, int height, PeerId peer, int entries, Hash256 root, long bytes, double milliseconds);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "masternode: no peer gave the list at {Block} (height {Height}); {Peers} asked")]
    public static partial void NoPeerServed(ILogger logger, Hash256 block, int height, int peers);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "masternode: the list fetched for {Block} has root {Fetched}, the chain computed {Computed}")]
    public static partial void CrossCheckMismatch(ILogger logger, Hash256 block, Hash256 fetched, Hash256 computed);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "masternode: refused a {Kind} request from {Peer}: {Reason}")]
    public static partial void ServeRefused(ILogger logger, Messages.MasternodeMessageType kind, PeerId peer, string reason);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Debug, Message = "masternode: PoSe challenge of {ProTxHash} failed ({Outcome}); penalty {Penalty}")]
    public static partial void PoSeFailed(ILogger logger, Hash256 proTxHash, Liveness.PoSeOutcome outcome, int penalty);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "masternode: {ProTxHash} is PoSe-banned (penalty {Penalty})")]
    public static partial void PoSeBanned(ILogger logger, Hash256 proTxHash, int penalty);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "masternode: {ProTxHash} is revived ({Reason})")]
    public static partial void PoSeRevived(ILogger logger, Hash256 proTxHash, string reason);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Debug, Message = "masternode: update of {ProTxHash} from {Peer}: {Verdict}")]
    public static partial void UpdateJudged(ILogger logger, Hash256 proTxHash, PeerId? peer, Liveness.UpdateVerdict verdict);
}
