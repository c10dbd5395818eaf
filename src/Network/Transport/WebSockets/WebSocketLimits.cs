namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// Every bound the WebSocket transport places on what a remote may send (specs/network/17-websocket.md,
/// WS-2.4, WS-3.3, WS-3.4). Each is checked before the bytes it bounds are buffered.
/// </summary>
public static class WebSocketLimits
{
    /// <summary>
    /// Largest data frame payload we accept. libp2p peers send one frame per chunk of their byte
    /// stream (js-libp2p: at most one Noise frame, 65,537 bytes); 1 MiB leaves room for larger
    /// chunks. A bigger announced length is refused from the header with close code 1009.
    /// </summary>
    public const int MaxFramePayloadLength = 1024 * 1024;

    /// <summary>
    /// Largest message (the payloads of a first frame and its continuations together). Payload is
    /// streamed, never buffered per message; the bound stops an endless fragmented message.
    /// A message over it is refused with close code 1009.
    /// </summary>
    public const long MaxMessageLength = 4 * 1024 * 1024;

    /// <summary>Largest control frame payload (RFC 6455 section 5.5); more is close code 1002.</summary>
    public const int MaxControlPayloadLength = 125;

    /// <summary>Longest close reason we send or accept, in UTF-8 bytes (a control payload less the 2-byte code).</summary>
    public const int MaxCloseReasonLength = MaxControlPayloadLength - 2;

    /// <summary>Largest frame header: 2 bytes, an 8-byte extended length and a 4-byte masking key.</summary>
    public const int MaxFrameHeaderLength = 14;

    /// <summary>
    /// Largest HTTP request or response head of the opening handshake, start line and headers up
    /// to and including the blank line. A longer head is refused (431 to a client) before more is read.
    /// </summary>
    public const int MaxHandshakeHeadLength = 8 * 1024;

    /// <summary>Most header lines in a handshake head; more is refused (431 to a client).</summary>
    public const int MaxHandshakeHeaderCount = 64;

    /// <summary>Time the opening handshake may take, measured from the TCP connection. Longer fails it.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Time we wait for the peer's Close frame after sending ours before we end the TCP connection.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
}
