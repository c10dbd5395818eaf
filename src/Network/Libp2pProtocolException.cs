namespace RustyNode.Network;

/// <summary>
/// Raised when a remote peer sends bytes that break a wire protocol or exceed one of our limits.
/// Each protocol derives its own type; callers turn it into a peer penalty and a closed stream or
/// connection, never a crash.
/// </summary>
public class Libp2pProtocolException : Exception
{
    public Libp2pProtocolException()
    {
    }

    public Libp2pProtocolException(string message)
        : base(message)
    {
    }

    public Libp2pProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
