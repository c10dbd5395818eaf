namespace RustyNode.Network.Muxing.Yamux;

/// <summary>The flags field of a yamux frame header (specs/network/06-yamux.md, YMX-1.3).</summary>
[Flags]
public enum YamuxFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Opens a stream, or asks for a ping answer.</summary>
    Syn = 1,

    /// <summary>Acknowledges a stream, or answers a ping.</summary>
    Ack = 2,

    /// <summary>The sender will write no more data on the stream (half-close).</summary>
    Fin = 4,

    /// <summary>Aborts the stream in both directions.</summary>
    Rst = 8,
}
