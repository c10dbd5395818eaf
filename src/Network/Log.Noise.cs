using Microsoft.Extensions.Logging;

namespace RustyNode.Network;

/// <summary>Noise log messages, event ids 1300-1399.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Noise handshake as {Role} completed with {PeerId}")]
    public static partial void NoiseHandshakeCompleted(ILogger logger, string role, Identity.PeerId peerId);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Noise handshake as {Role} failed")]
    public static partial void NoiseHandshakeFailed(ILogger logger, string role, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Noise secure channel with {PeerId} failed")]
    public static partial void NoiseChannelFailed(ILogger logger, Identity.PeerId peerId, Exception exception);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "Noise secure channel with {PeerId} gave up flushing after the close timeout")]
    public static partial void NoiseChannelCloseTimedOut(ILogger logger, Identity.PeerId peerId);
}
