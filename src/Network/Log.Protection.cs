using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;

namespace RustyNode.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "{Peer} reported: {Reason} ({Weight:+0.##;-0.##}), reputation now {Reputation:0.##}")]
    public static partial void PeerReported(ILogger logger, PeerId peer, string reason, double weight, double reputation);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "{Peer} is over its budget for unasked traffic; slowed for {Wait}")]
    public static partial void PeerThrottled(ILogger logger, PeerId peer, TimeSpan wait);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "{Peer} banned until {Until:O}: {Reason}")]
    public static partial void PeerBanned(ILogger logger, PeerId peer, DateTimeOffset until, string reason);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "{Peer} unbanned")]
    public static partial void PeerUnbanned(ILogger logger, PeerId peer);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Could not save the peer store: {Reason}")]
    public static partial void PeerStoreSaveFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Information, Message = "Trimming {Peer} at {Address} ({Direction}): {Count} connections above the maximum {Max}")]
    public static partial void ConnectionTrimmed(ILogger logger, PeerId peer, Multiaddr address, Swarm.ConnectionDirection direction, int count, int max);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Information, Message = "Bootstrap peer {Address} unreachable, retrying in {Delay}: {Reason}")]
    public static partial void BootstrapRetry(ILogger logger, Multiaddr address, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Debug, Message = "Dialing stored peer {Peer}: {Connections} connections, below the minimum {Min}")]
    public static partial void DialingStoredPeer(ILogger logger, PeerId peer, int connections, int min);
}
