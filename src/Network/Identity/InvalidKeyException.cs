namespace RustyNode.Network.Identity;

/// <summary>A key, peer id, signed envelope or peer record received from a peer is malformed or invalid.</summary>
public sealed class InvalidKeyException : Libp2pProtocolException
{
    public InvalidKeyException()
    {
    }

    public InvalidKeyException(string message)
        : base(message)
    {
    }

    public InvalidKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
