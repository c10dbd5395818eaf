using Microsoft.Extensions.Logging;

namespace RustyNode.Network;

/// <summary>Mplex messages, event ids 1500-1599.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Mplex session ended on a protocol error from the remote: {Reason}")]
    public static partial void MplexProtocolError(ILogger logger, string reason);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Mplex refused inbound stream {StreamId}: too many inbound streams")]
    public static partial void MplexStreamRefused(ILogger logger, long streamId);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Debug, Message = "Mplex reset stream {StreamId}: its reader fell more than {Limit} bytes behind")]
    public static partial void MplexStreamOverflow(ILogger logger, long streamId, long limit);
}
