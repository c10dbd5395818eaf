namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// Every mplex limit that protects us from a hostile or broken peer, in one place
/// (specs/network/07-mplex.md, MPX-4).
/// </summary>
public static class MplexLimits
{
    /// <summary>Largest frame payload we accept: 1 MiB, checked before any of it is buffered (MPX-1.4).</summary>
    public const int MaxMessageSize = 1024 * 1024;

    /// <summary>Largest frame payload we write; larger application writes are split (MPX-1.5).</summary>
    public const int MaxDataFramePayload = 64 * 1024;

    /// <summary>Largest stream id: the id shifted left by three must fit a 63-bit varint (MPX-1.1).</summary>
    public const long MaxStreamId = long.MaxValue >> 3;

    /// <summary>
    /// Received bytes a stream may hold that its reader has not consumed; mplex has no flow control,
    /// so a stream whose reader falls further behind is reset (MPX-3.2).
    /// </summary>
    public const long MaxStreamBuffer = 4 * 1024 * 1024;

    /// <summary>Inbound streams the remote opened that our application has not accepted yet (MPX-4.1).</summary>
    public const int MaxAcceptBacklog = 256;

    /// <summary>Inbound streams open at once; a new stream beyond it is reset (MPX-4.2).</summary>
    public const int MaxInboundStreams = 1024;

    /// <summary>
    /// Inbound streams refused in a row (none accepted or closed in between) after which the peer is
    /// disconnected with a protocol error (MPX-4.3).
    /// </summary>
    public const int MaxConsecutiveRefusedStreams = 256;
}
