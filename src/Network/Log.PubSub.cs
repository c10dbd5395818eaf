using Microsoft.Extensions.Logging;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;

namespace RustyNode.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Debug, Message = "Pubsub peer {Peer} added ({Protocol})")]
    public static partial void PubSubPeerAdded(ILogger logger, PeerId peer, PubSubProtocol protocol);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug, Message = "Pubsub peer {Peer} removed")]
    public static partial void PubSubPeerRemoved(ILogger logger, PeerId peer);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Debug, Message = "Message from {Peer} on {Topic} rejected: {Reason}")]
    public static partial void PubSubMessageRejected(ILogger logger, PeerId peer, string topic, string reason);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Pubsub peer {Peer} graylisted (score {Score:0.##})")]
    public static partial void PubSubPeerGraylisted(ILogger logger, PeerId peer, double score);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Debug, Message = "Graft {Peer} on {Topic} ({Reason})")]
    public static partial void PubSubGraft(ILogger logger, PeerId peer, string topic, string reason);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Debug, Message = "Prune {Peer} on {Topic} ({Reason})")]
    public static partial void PubSubPrune(ILogger logger, PeerId peer, string topic, string reason);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Debug, Message = "Validation of {Id} on {Topic} timed out; ignored")]
    public static partial void PubSubValidationTimedOut(ILogger logger, string topic, MessageId id);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "Validator of {Topic} failed; the message is ignored")]
    public static partial void PubSubValidatorFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Warning, Message = "Pubsub heartbeat failed")]
    public static partial void PubSubHeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2309, Level = LogLevel.Debug, Message = "Pubsub stream with {Peer} ended: {Reason}")]
    public static partial void PubSubStreamEnded(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Debug, Message = "No pubsub stream to {Peer}: {Reason}")]
    public static partial void PubSubStreamOpenFailed(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Debug, Message = "Peer exchange from {Peer}: dialing {Target} failed: {Reason}")]
    public static partial void PubSubExchangeDialFailed(ILogger logger, PeerId peer, PeerId target, string reason);
}
