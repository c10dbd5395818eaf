using Microsoft.Extensions.Logging;
using RustyNode.Network.Identity;

namespace RustyNode.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Debug, Message = "Identify of {Peer} failed: {Reason}")]
    public static partial void IdentifyFailed(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Debug, Message = "Identify push to {Peer} failed: {Reason}")]
    public static partial void IdentifyPushFailed(ILogger logger, PeerId peer, string reason);
}
