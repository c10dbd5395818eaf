namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>A peer sent a malformed or over-limit DHT message, or broke a DHT rule.</summary>
public sealed class KadProtocolException : Libp2pProtocolException
{
    public KadProtocolException()
    {
    }

    public KadProtocolException(string message)
        : base(message)
    {
    }

    public KadProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
