namespace RustyNode.Network.Protocols.Ping;

/// <summary>A ping failed: a wrong echo or a truncated stream.</summary>
public sealed class PingException : Libp2pProtocolException
{
    public PingException()
    {
    }

    public PingException(string message)
        : base(message)
    {
    }

    public PingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
