using Microsoft.Extensions.Logging;

namespace RustyNode.Network;

/// <summary>Yamux messages, event ids 1400-1499.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Yamux session ended on a protocol error from the remote: {Reason}")]
    public static partial void YamuxProtocolError(ILogger logger, string reason);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Yamux refused inbound stream {StreamId}: too many inbound streams")]
    public static partial void YamuxStreamRefused(ILogger logger, uint streamId);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Yamux dropped a ping answer: too many answers pending")]
    public static partial void YamuxPingDropped(ILogger logger);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "Yamux remote sent go-away with code {Code}")]
    public static partial void YamuxGoAwayReceived(ILogger logger, uint code);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Debug, Message = "Yamux connection closed by the remote (initiator: {IsInitiator})")]
    public static partial void YamuxRemoteClosed(ILogger logger, bool isInitiator);
}
