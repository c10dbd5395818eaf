namespace RustyNode.Network.Protocols.Echo;

/// <summary>The echo differed from what was sent, was short, or the stream was over its limit.</summary>
public sealed class EchoMismatchException : Libp2pProtocolException
{
    public EchoMismatchException()
    {
    }

    public EchoMismatchException(string message)
        : base(message)
    {
    }

    public EchoMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
