namespace RustyNode.Network.Framing;

/// <summary>The stream ended inside a length-prefixed message.</summary>
public sealed class FrameTruncatedException : Libp2pProtocolException
{
    public FrameTruncatedException()
    {
    }

    public FrameTruncatedException(string message)
        : base(message)
    {
    }

    public FrameTruncatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
