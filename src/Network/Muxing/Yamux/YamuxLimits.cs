namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// Every yamux limit that protects us from a hostile or broken peer, in one place
/// (specs/network/06-yamux.md, YMX-6).
/// </summary>
public static class YamuxLimits
{
    /// <summary>The only protocol version (YMX-1.1).</summary>
    public const byte Version = 0;

    /// <summary>
    /// How many of the remote's most recent stream ids we remember to catch reuse while tolerating
    /// SYNs that arrive out of order (YMX-2.2).
    /// </summary>
    public const int StreamIdWindow = 4096;

    /// <summary>The receive and send window every stream starts with: 256 KiB (YMX-3.1).</summary>
    public const uint InitialWindow = 256 * 1024;

    /// <summary>
    /// We send a window update once the application has consumed half the stream's current window
    /// (this, for a window that has not grown) (YMX-3.2).
    /// </summary>
    public const uint WindowUpdateThreshold = InitialWindow / 2;

    /// <summary>The largest receive window a stream grows to while its reader keeps up: 16 MiB (YMX-3.6).</summary>
    public const long MaxStreamWindow = 16 * 1024 * 1024;

    /// <summary>
    /// Receive-window growth beyond the initial windows that all streams of one session may hold
    /// together: 32 MiB. It bounds what a peer can make us buffer by first reading fast, then not (YMX-3.6).
    /// </summary>
    public const long MaxSessionWindowGrowth = 32 * 1024 * 1024;

    /// <summary>Largest data frame payload we write; larger application writes are split (YMX-3.5).</summary>
    public const int MaxDataFramePayload = 64 * 1024;

    /// <summary>The largest send window a peer may grant us (the window field is 32 bits) (YMX-3.4).</summary>
    public const long MaxWindow = uint.MaxValue;

    /// <summary>Inbound streams the remote opened that our application has not accepted yet (YMX-6.3).</summary>
    public const int MaxAcceptBacklog = 256;

    /// <summary>Inbound streams open at once; a SYN beyond it is answered with RST (YMX-6.4).</summary>
    public const int MaxInboundStreams = 1024;

    /// <summary>
    /// Inbound streams refused in a row (no inbound stream accepted or closed in between) after which
    /// the peer is disconnected with a protocol error (YMX-6.5).
    /// </summary>
    public const int MaxConsecutiveRefusedStreams = 256;

    /// <summary>Ping answers waiting to be written; further pings are not answered (YMX-4.3).</summary>
    public const int MaxPendingPingAnswers = 64;
}
