namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>A DHT request got no answer: the peer is unreachable, does not speak the protocol, or timed out.</summary>
public sealed class KadRequestFailedException : Exception
{
    public KadRequestFailedException()
    {
    }

    public KadRequestFailedException(string message)
        : base(message)
    {
    }

    public KadRequestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
