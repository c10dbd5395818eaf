namespace RustyNode.Network.PubSub;

/// <summary>A peer sent a pubsub RPC that is malformed or over one of <see cref="PubSubLimits"/>.</summary>
public class PubSubProtocolException : Libp2pProtocolException
{
    public PubSubProtocolException()
    {
    }

    public PubSubProtocolException(string message)
        : base(message)
    {
    }

    public PubSubProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
