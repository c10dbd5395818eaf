namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// The opening handshake failed: a malformed, oversized or non-WebSocket HTTP request or response.
/// On the listening side <see cref="StatusCode"/> is the HTTP status the client was refused with.
/// </summary>
public sealed class WebSocketHandshakeException : Libp2pProtocolException
{
    public WebSocketHandshakeException()
        : this(400, "Bad WebSocket handshake.")
    {
    }

    public WebSocketHandshakeException(string message)
        : this(400, message)
    {
    }

    public WebSocketHandshakeException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    public WebSocketHandshakeException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status of the refusal: 400, 426 (wrong version) or 431 (head too large).</summary>
    public int StatusCode { get; }
}
