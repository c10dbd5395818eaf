namespace RustyNode.Network.Transport.WebSockets;

/// <summary>Close status codes of RFC 6455 section 7.4.1 that we send (WS-4).</summary>
public static class WebSocketCloseCode
{
    /// <summary>Normal closure: the byte stream ended.</summary>
    public const ushort Normal = 1000;

    /// <summary>Protocol error: a malformed or forbidden frame.</summary>
    public const ushort ProtocolError = 1002;

    /// <summary>Unsupported data: a text message (we carry binary only).</summary>
    public const ushort UnsupportedData = 1003;

    /// <summary>No status received: what a close frame without a payload means; never sent.</summary>
    public const ushort NoStatus = 1005;

    /// <summary>Message too big: a frame or message over <see cref="WebSocketLimits"/>.</summary>
    public const ushort MessageTooBig = 1009;

    /// <summary>True for a code a peer may put in a close frame (RFC 6455 section 7.4).</summary>
    public static bool IsValidOnWire(int code) =>
        code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);
}
