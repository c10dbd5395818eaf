namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// The low three bits of an mplex frame header (specs/network/07-mplex.md, MPX-1.2). "Initiator"
/// flags are sent by the side that opened the stream, "Receiver" flags by the other side.
/// </summary>
public enum MplexFlag : byte
{
    /// <summary>Opens a stream; the payload is its (informational) name.</summary>
    NewStream = 0,

    /// <summary>Data from the side that did not open the stream.</summary>
    MessageReceiver = 1,

    /// <summary>Data from the side that opened the stream.</summary>
    MessageInitiator = 2,

    /// <summary>Half-close by the side that did not open the stream.</summary>
    CloseReceiver = 3,

    /// <summary>Half-close by the side that opened the stream.</summary>
    CloseInitiator = 4,

    /// <summary>Reset by the side that did not open the stream.</summary>
    ResetReceiver = 5,

    /// <summary>Reset by the side that opened the stream.</summary>
    ResetInitiator = 6,
}
