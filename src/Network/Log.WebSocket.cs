using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;

namespace RustyNode.Network;

/// <summary>WebSocket transport messages, event ids 1250-1299 (the transports' block, after TCP).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1250, Level = LogLevel.Information, Message = "WebSocket listening on {Address}")]
    public static partial void WebSocketListening(ILogger logger, Multiaddr address);

    [LoggerMessage(EventId = 1251, Level = LogLevel.Debug, Message = "WebSocket dialed {Remote}")]
    public static partial void WebSocketDialed(ILogger logger, Multiaddr remote);

    [LoggerMessage(EventId = 1252, Level = LogLevel.Debug, Message = "WebSocket handshake with {Remote} failed: {Reason}")]
    public static partial void WebSocketHandshakeFailed(ILogger logger, Multiaddr remote, string reason);

    [LoggerMessage(EventId = 1253, Level = LogLevel.Debug, Message = "WebSocket peer {Remote} broke the protocol ({Code}): {Reason}")]
    public static partial void WebSocketProtocolError(ILogger logger, Multiaddr remote, int code, string reason);

    [LoggerMessage(EventId = 1254, Level = LogLevel.Debug, Message = "WebSocket connection {Remote} closed by us with {Code}: {Reason}")]
    public static partial void WebSocketClosedWithError(ILogger logger, Multiaddr remote, int code, string reason);

    [LoggerMessage(EventId = 1255, Level = LogLevel.Debug, Message = "WebSocket peer {Remote} closed with {Code}: {Reason}")]
    public static partial void WebSocketPeerClosed(ILogger logger, Multiaddr remote, int code, string reason);
}
