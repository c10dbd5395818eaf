using Microsoft.Extensions.Logging;

namespace RustyNode.Node;

/// <summary>Source-generated log messages of the daemon; event ids 5000-5999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "RustyNode {PeerId} started on {Network}, data dir {DataDir}")]
    public static partial void Started(ILogger logger, RustyNode.Network.Identity.PeerId peerId, string network, string dataDir);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Control command failed: {Reason}")]
    public static partial void ControlCommandFailed(ILogger logger, string reason);
}
