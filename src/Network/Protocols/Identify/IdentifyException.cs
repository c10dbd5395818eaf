namespace RustyNode.Network.Protocols.Identify;

/// <summary>A peer sent an identify message that breaks the protocol or lies about its identity.</summary>
public sealed class IdentifyException : Libp2pProtocolException
{
    public IdentifyException()
    {
    }

    public IdentifyException(string message)
        : base(message)
    {
    }

    public IdentifyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
