using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Listening on {Address}")]
    public static partial void Listening(ILogger logger, Multiaddr address);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Connected to {Peer} at {Address} ({Direction}, {Muxer})")]
    public static partial void ConnectionEstablished(ILogger logger, PeerId peer, Multiaddr address, ConnectionDirection direction, string muxer);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Disconnected from {Peer} at {Address}")]
    public static partial void ConnectionClosed(ILogger logger, PeerId peer, Multiaddr address);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Connection to {Peer} at {Address} failed: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, PeerId peer, Multiaddr address, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Dial to {Address} failed: {Reason}")]
    public static partial void DialFailed(ILogger logger, Multiaddr address, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Inbound connection from {Address} refused: {Reason}")]
    public static partial void InboundRefused(ILogger logger, Multiaddr address, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Inbound connection from {Address} failed its upgrade: {Reason}")]
    public static partial void InboundUpgradeFailed(ILogger logger, Multiaddr address, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Stream from {Peer} refused: {Reason}")]
    public static partial void StreamRefused(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "Stream from {Peer} failed to negotiate: {Reason}")]
    public static partial void StreamNegotiationFailed(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Handler of {Protocol} for {Peer} failed: {Reason}")]
    public static partial void StreamHandlerFailed(ILogger logger, PeerId peer, string protocol, string reason);
}
