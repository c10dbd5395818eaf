namespace RustyNode.Network.Muxing;

/// <summary>Why a stream was reset.</summary>
public enum StreamResetReason
{
    /// <summary>Not said.</summary>
    Unspecified,

    /// <summary>This side reset the stream (or disposed it with unsent data).</summary>
    Local,

    /// <summary>The remote reset the stream.</summary>
    Remote,

    /// <summary>The connection under the stream ended.</summary>
    ConnectionClosed,

    /// <summary>The stream's reader fell too far behind and the muxer gave up on it.</summary>
    ReaderOverrun,
}
