namespace RustyNode.Network.Muxing.Mplex;

/// <summary>The remote peer broke the mplex protocol or one of our <see cref="MplexLimits"/>.</summary>
public sealed class MplexProtocolException : Libp2pProtocolException
{
    public MplexProtocolException()
        : base("The remote peer broke the mplex protocol.")
    {
    }

    public MplexProtocolException(string message)
        : base(message)
    {
    }

    public MplexProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
