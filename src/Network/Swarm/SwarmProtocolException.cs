namespace RustyNode.Network.Swarm;

/// <summary>A peer abused the connection as a whole (e.g. a stream flood); the connection is closed.</summary>
public sealed class SwarmProtocolException : Libp2pProtocolException
{
    public SwarmProtocolException()
    {
    }

    public SwarmProtocolException(string message)
        : base(message)
    {
    }

    public SwarmProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
