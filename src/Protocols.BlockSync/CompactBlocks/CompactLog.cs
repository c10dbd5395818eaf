using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.CompactBlocks;

/// <summary>Compact block relay's log lines (event ids 6100-6119, beside block sync's 6000 block).</summary>
internal static partial class CompactLog
{
    [LoggerMessage(EventId = 6100, Level = LogLevel.Debug, Message = "Compact block {Block} from {Peer}: {Action}")]
    public static partial void CompactBlockReceived(ILogger logger, Hash256 block, PeerId peer, Relay.ReceiveAction action);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Peer {Peer} misbehaved in compact block relay: {Reason}")]
    public static partial void PeerMisbehaved(ILogger logger, PeerId peer, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "High-bandwidth compact relay asked of {Peer} ({Count} peers)")]
    public static partial void HighBandwidthSelected(ILogger logger, PeerId peer, int count);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Debug, Message = "Compact block request to {Peer} failed: {Reason}")]
    public static partial void RequestFailed(ILogger logger, PeerId peer, Network.RequestResponse.RequestFailure reason);

    [LoggerMessage(EventId = 6105, Level = LogLevel.Debug, Message = "Compact relay to {Peer} dropped a {What}: too many messages awaiting its answers")]
    public static partial void SendDropped(ILogger logger, PeerId peer, string what);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Rebuilt block {Block} from {Peer} was refused by the chain: {Result}")]
    public static partial void BlockRefused(ILogger logger, Hash256 block, PeerId peer, Consensus.ValidationResult result);
}
