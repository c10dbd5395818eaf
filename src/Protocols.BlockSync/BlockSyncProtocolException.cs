using RustyNode.Network.RequestResponse;

namespace RustyNode.Protocols.BlockSync;

/// <summary>
/// A block-sync message broke its layout or a limit (BS-1, BS-2). Derives from the request/response
/// protocol error so the behaviour resets the stream and reports the peer (RR-3.4).
/// </summary>
public sealed class BlockSyncProtocolException : RequestResponseProtocolException
{
    public BlockSyncProtocolException()
    {
    }

    public BlockSyncProtocolException(string message)
        : base(message)
    {
    }

    public BlockSyncProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
