using Microsoft.Extensions.Logging;

namespace RustyNode.Network;

/// <summary>
/// Source-generated log messages of RustyNode.Network. One partial class per assembly; each area
/// keeps its messages in <c>Log.Area.cs</c> inside its own block of event ids:
/// 1000 swarm and connections, 1100 multistream-select, 1200 TCP (1250 WebSocket), 1300 Noise, 1400 Yamux,
/// 1500 mplex, 1600 identify, 1700 ping and perf, 1800 identity and keys, 1900 background tasks,
/// 2150 resource limits.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Warning, Message = "Background task '{Name}' failed")]
    public static partial void BackgroundTaskFailed(ILogger logger, string name, Exception exception);
}
