namespace RustyNode.Network.Muxing.Yamux;

/// <summary>The reason carried by a go-away frame (specs/network/06-yamux.md, YMX-5.1).</summary>
public enum YamuxGoAwayCode : uint
{
    /// <summary>Normal termination.</summary>
    Normal = 0,

    /// <summary>The remote broke the protocol.</summary>
    ProtocolError = 1,

    /// <summary>The sender failed internally.</summary>
    InternalError = 2,
}
