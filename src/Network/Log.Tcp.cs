using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;

namespace RustyNode.Network;

/// <summary>TCP transport messages, event ids 1200-1299.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "TCP listening on {Address}")]
    public static partial void TcpListening(ILogger logger, Multiaddr address);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "TCP accepted {Remote} on {Local}")]
    public static partial void TcpAccepted(ILogger logger, Multiaddr remote, Multiaddr local);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "TCP dialed {Remote} from {Local}")]
    public static partial void TcpDialed(ILogger logger, Multiaddr remote, Multiaddr local);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Debug, Message = "TCP dial to {Remote} failed")]
    public static partial void TcpDialFailed(ILogger logger, System.Net.IPEndPoint remote, Exception exception);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "TCP connection {Remote} failed while receiving")]
    public static partial void TcpReceiveFailed(ILogger logger, Multiaddr remote, Exception exception);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Debug, Message = "TCP connection {Remote} failed while sending")]
    public static partial void TcpSendFailed(ILogger logger, Multiaddr remote, Exception exception);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Debug, Message = "TCP connection {Remote} closed")]
    public static partial void TcpClosed(ILogger logger, Multiaddr remote);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "TCP accept on {Address} failed")]
    public static partial void TcpAcceptFailed(ILogger logger, Multiaddr address, Exception exception);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Debug, Message = "TCP connection {Remote} did not drain within the close timeout and was aborted")]
    public static partial void TcpCloseTimedOut(ILogger logger, Multiaddr remote);
}
