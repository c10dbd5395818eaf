using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;

namespace RustyNode.Node;

/// <summary>Source-generated log messages of the daemon; event ids 5000-5999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Peer {Address} unreachable, retrying in {Delay}: {Reason}")]
    public static partial void ReconnectScheduled(ILogger logger, Multiaddr address, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "RustyNode {PeerId} started on {Network}, data dir {DataDir}")]
    public static partial void Started(ILogger logger, RustyNode.Network.Identity.PeerId peerId, string network, string dataDir);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Control command failed: {Reason}")]
    public static partial void ControlCommandFailed(ILogger logger, string reason);
}
