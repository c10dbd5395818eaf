namespace RustyNode.Network.Muxing.Yamux;

/// <summary>The type byte of a yamux frame header (specs/network/06-yamux.md, YMX-1.2).</summary>
public enum YamuxFrameType : byte
{
    /// <summary>Carries stream data; the length field is the payload length.</summary>
    Data = 0,

    /// <summary>Grants send window; the length field is the window increment.</summary>
    WindowUpdate = 1,

    /// <summary>Session liveness and round-trip measurement; the length field is an opaque value.</summary>
    Ping = 2,

    /// <summary>Ends the session; the length field is a <see cref="YamuxGoAwayCode"/>.</summary>
    GoAway = 3,
}
