using RustyNode.Network.RequestResponse;

namespace RustyNode.Protocols.BlockSync.CompactBlocks;

/// <summary>
/// A compact-blocks message broke its layout or a limit (CB-1.4). Derives from the request/response
/// protocol error so the behaviour resets the stream and reports the peer (RR-3.4).
/// </summary>
public sealed class CompactBlockProtocolException : RequestResponseProtocolException
{
    public CompactBlockProtocolException()
    {
    }

    public CompactBlockProtocolException(string message)
        : base(message)
    {
    }

    public CompactBlockProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the message broke an index rule (CB-2.3, CB-2.5), scored more than a malformed message.</summary>
    public bool BadIndexes { get; init; }
}
