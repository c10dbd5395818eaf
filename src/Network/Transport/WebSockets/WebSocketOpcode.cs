namespace RustyNode.Network.Transport.WebSockets;

/// <summary>Frame opcodes of RFC 6455 section 5.2 (WS-2.2).</summary>
public enum WebSocketOpcode : byte
{
    /// <summary>A continuation of a fragmented message.</summary>
    Continuation = 0x0,

    /// <summary>A UTF-8 text message; libp2p never sends it and we refuse it (1003).</summary>
    Text = 0x1,

    /// <summary>A binary message: carries the libp2p byte stream.</summary>
    Binary = 0x2,

    /// <summary>Close (control).</summary>
    Close = 0x8,

    /// <summary>Ping (control).</summary>
    Ping = 0x9,

    /// <summary>Pong (control).</summary>
    Pong = 0xA,
}
