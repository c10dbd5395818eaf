namespace RustyNode.Network.Muxing.Yamux;

/// <summary>The remote peer broke the yamux protocol or one of our <see cref="YamuxLimits"/>.</summary>
public sealed class YamuxProtocolException : Libp2pProtocolException
{
    public YamuxProtocolException()
        : base("The remote peer broke the yamux protocol.")
    {
    }

    public YamuxProtocolException(string message)
        : base(message)
    {
    }

    public YamuxProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
