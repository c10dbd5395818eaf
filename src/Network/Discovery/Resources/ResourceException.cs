namespace RustyNode.Network.Discovery.Resources;

/// <summary>A resource record is malformed, not validly signed, or breaks a rule of its key (RES-2).</summary>
public sealed class ResourceException : Libp2pProtocolException
{
    public ResourceException()
    {
    }

    public ResourceException(string message)
        : base(message)
    {
    }

    public ResourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
