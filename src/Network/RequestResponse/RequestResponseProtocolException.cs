namespace RustyNode.Network.RequestResponse;

/// <summary>A request or response broke its codec's framing or could not be decoded.</summary>
public class RequestResponseProtocolException : Libp2pProtocolException
{
    public RequestResponseProtocolException()
    {
    }

    public RequestResponseProtocolException(string message)
        : base(message)
    {
    }

    public RequestResponseProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
