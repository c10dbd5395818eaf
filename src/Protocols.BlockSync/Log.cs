using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync;

/// <summary>Source-generated log messages of RustyNode.Protocols.BlockSync; event ids 6000-6099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Sync: height {Height} of {Target} ({Percent:0.0}%), headers {Headers}, {HeadersPerSecond:0} headers/s, {BlocksPerSecond:0.0} blocks/s, {Eta} left, {Peers} peers, {InFlight} in flight")]
    public static partial void Progress(ILogger logger, int height, int target, double percent, int headers, double headersPerSecond, double blocksPerSecond, string eta, int peers, int inFlight);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Header sync with {Peer} started from {Locator}")]
    public static partial void HeaderSyncStarted(ILogger logger, PeerId peer, Hash256 locator);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Header sync with {Peer} ended: {Headers} headers committed in {Seconds:0.000} s, best header {Best}")]
    public static partial void HeaderSyncEnded(ILogger logger, PeerId peer, int headers, double seconds, int best);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Peer {Peer} misbehaved: {Reason} ({Detail})")]
    public static partial void PeerPenalised(ILogger logger, PeerId peer, string reason, string detail);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Peer {Peer} stalled the download at height {Height}; {Released} blocks reassigned, stall timeout now {Timeout}")]
    public static partial void PeerStalled(ILogger logger, PeerId peer, int height, int released, TimeSpan timeout);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Debug, Message = "Request {Code} to {Peer} failed: {Reason}")]
    public static partial void RequestFailed(ILogger logger, Messages.MessageCode code, PeerId peer, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Synced at height {Height}, tip {Tip}")]
    public static partial void Synced(ILogger logger, int height, Hash256 tip);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "Peer {Peer} does not speak block sync")]
    public static partial void PeerWithoutBlockSync(ILogger logger, PeerId peer);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Error, Message = "The block-sync manager failed")]
    public static partial void ManagerFailed(ILogger logger, Exception exception);
}
