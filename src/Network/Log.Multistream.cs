using Microsoft.Extensions.Logging;

namespace RustyNode.Network;

/// <summary>multistream-select messages, event ids 1100-1199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "multistream-select: the listener accepted {Protocol}")]
    public static partial void MultistreamSelected(ILogger logger, string protocol);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "multistream-select: the listener refused {Protocol}")]
    public static partial void MultistreamRefused(ILogger logger, string protocol);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "multistream-select: accepted the dialer's proposal {Protocol}")]
    public static partial void MultistreamAccepted(ILogger logger, string protocol);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "multistream-select: declined the dialer's proposal {Protocol}")]
    public static partial void MultistreamDeclined(ILogger logger, string protocol);
}
