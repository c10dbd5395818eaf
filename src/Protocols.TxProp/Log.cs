using Microsoft.Extensions.Logging;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.TxProp;

/// <summary>Transaction relay logs: event ids 5000-5099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "tx-prop: {Peer} misbehaved: {Reason} ({Detail})")]
    public static partial void Misbehaved(ILogger logger, PeerId peer, string reason, string detail);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "tx-prop: request stream to {Peer} ended: {Reason}")]
    public static partial void RequestStreamEnded(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "tx-prop: announcement stream to {Peer} ended: {Reason}")]
    public static partial void AnnouncementStreamEnded(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Trace, Message = "tx-prop: rejected {TxId} from {Peer}: {Reason}")]
    public static partial void TransactionRejected(ILogger logger, RustyNode.Consensus.Primitives.Hash256 txId, PeerId peer, RustyNode.Consensus.RejectReason reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "tx-prop: {Peer} does not speak the protocol: {Reason}")]
    public static partial void PeerWithoutRelay(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "tx-prop: stream from {Peer} ended: {Reason}")]
    public static partial void InboundStreamEnded(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug, Message = "tx gossip: {TxId} not published: {Reason}")]
    public static partial void PublishSkipped(ILogger logger, RustyNode.Consensus.Primitives.Hash256 txId, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "tx-prop: {Count} transactions received from {Peer} were not validated (the request stream's validation failed); others who announced them will be asked")]
    public static partial void ValidationAbandoned(ILogger logger, PeerId peer, int count);
}
