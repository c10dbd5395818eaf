using Microsoft.Extensions.Logging;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network;

/// <summary>Discovery's log messages: 2700 Kademlia, 2750 mDNS, 2780 bootstrap and resources.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2700, Level = LogLevel.Debug, Message = "DHT peer {Peer} left the routing table: {Reason}")]
    public static partial void KadPeerEvicted(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 2701, Level = LogLevel.Debug, Message = "DHT {Type} to {Peer} failed: {Reason}")]
    public static partial void KadRequestFailed(ILogger logger, PeerId peer, KadMessageType type, string reason);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Debug, Message = "DHT {Type} lookup of {Target}: {Found} peers, {Requests} requests, {Hops} hops")]
    public static partial void KadLookupDone(ILogger logger, KadMessageType type, KadKey target, int found, int requests, int hops);

    [LoggerMessage(EventId = 2703, Level = LogLevel.Warning, Message = "DHT maintenance round failed")]
    public static partial void KadMaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2704, Level = LogLevel.Debug, Message = "DHT request from {Peer} refused: {Reason}")]
    public static partial void KadInboundRefused(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 2705, Level = LogLevel.Debug, Message = "DHT peer {Peer} left the routing table after {Failures} failed requests in a row")]
    public static partial void KadPeerFailedEvicted(ILogger logger, PeerId peer, int failures);

    [LoggerMessage(EventId = 2706, Level = LogLevel.Debug, Message = "DHT peer {Peer} did not answer a liveness check; {Candidate} takes its place")]
    public static partial void KadPeerReplaced(ILogger logger, PeerId peer, PeerId candidate);

    [LoggerMessage(EventId = 2750, Level = LogLevel.Information, Message = "mDNS started: service {Service}, instance {PeerName}")]
    public static partial void MdnsStarted(ILogger logger, string service, string peerName);

    [LoggerMessage(EventId = 2751, Level = LogLevel.Debug, Message = "mDNS send failed: {Reason}")]
    public static partial void MdnsSendFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2752, Level = LogLevel.Information, Message = "mDNS found {Peer} with {Count} addresses")]
    public static partial void MdnsPeerFound(ILogger logger, PeerId peer, int count);

    [LoggerMessage(EventId = 2753, Level = LogLevel.Debug, Message = "mDNS dial of {Peer} failed: {Reason}")]
    public static partial void MdnsDialFailed(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 2780, Level = LogLevel.Information, Message = "Joined the DHT: {Count} peers in the routing table")]
    public static partial void BootstrapJoined(ILogger logger, int count);
}
