using Microsoft.Extensions.Logging;
using RustyNode.Network.Identity;

namespace RustyNode.Network;

internal static partial class Log
{
    [LoggerMessage(EventId = 2150, Level = LogLevel.Debug, Message = "Refused a stream of {Peer}: over the limit on {Limit}")]
    public static partial void ResourceStreamRefused(ILogger logger, PeerId peer, string limit);

    [LoggerMessage(EventId = 2151, Level = LogLevel.Warning, Message = "Reset {Streams} streams of {Peer} holding {Bytes} bytes: over the limit on {Limit}")]
    public static partial void ResourceShed(ILogger logger, PeerId peer, int streams, long bytes, string limit);
}
