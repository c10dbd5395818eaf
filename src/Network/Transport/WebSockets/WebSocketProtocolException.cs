namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// The remote broke the WebSocket framing rules or exceeded a <see cref="WebSocketLimits"/> bound.
/// <see cref="CloseCode"/> is the status we close the connection with; the message is the reason.
/// </summary>
public sealed class WebSocketProtocolException : Libp2pProtocolException
{
    public WebSocketProtocolException()
        : this(WebSocketCloseCode.ProtocolError, "WebSocket protocol error.")
    {
    }

    public WebSocketProtocolException(string message)
        : this(WebSocketCloseCode.ProtocolError, message)
    {
    }

    public WebSocketProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        CloseCode = WebSocketCloseCode.ProtocolError;
    }

    public WebSocketProtocolException(ushort closeCode, string message)
        : base(message)
    {
        CloseCode = closeCode;
    }

    /// <summary>The close status code this violation is answered with (1002, 1003 or 1009).</summary>
    public ushort CloseCode { get; }
}
