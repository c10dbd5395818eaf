using Microsoft.Extensions.Logging;
using RustyNode.Network.Identity;

namespace RustyNode.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Request of {Protocol} to {Peer} failed ({Failure}): {Reason}")]
    public static partial void RequestFailed(ILogger logger, PeerId peer, string protocol, RustyNode.Network.RequestResponse.RequestFailure failure, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Inbound request of {Protocol} from {Peer} refused: {Reason}")]
    public static partial void InboundRequestRefused(ILogger logger, PeerId peer, string protocol, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Inbound request of {Protocol} from {Peer} broke the protocol: {Reason}")]
    public static partial void InboundRequestMalformed(ILogger logger, PeerId peer, string protocol, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Handler of {Protocol} failed for a request from {Peer}; the stream is reset")]
    public static partial void RequestHandlerFailed(ILogger logger, PeerId peer, string protocol, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Inbound request of {Protocol} from {Peer} timed out")]
    public static partial void InboundRequestTimedOut(ILogger logger, PeerId peer, string protocol);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Debug, Message = "Stream of {Protocol} from {Peer} refused: {Reason}")]
    public static partial void AppStreamRefused(ILogger logger, PeerId peer, string protocol, string reason);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Warning, Message = "Application handler of {Protocol} failed for {Peer}")]
    public static partial void AppHandlerFailed(ILogger logger, PeerId peer, string protocol, Exception exception);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Debug, Message = "Broadcast of {Protocol} did not reach {Peer} ({Failure})")]
    public static partial void AppBroadcastSkipped(ILogger logger, PeerId peer, string protocol, RustyNode.Network.RequestResponse.RequestFailure failure);
}
