namespace RustyNode.Network.Protocols.Perf;

/// <summary>A perf stream broke the protocol (short header, request over the limit, short reply).</summary>
public sealed class PerfException : Libp2pProtocolException
{
    public PerfException()
    {
    }

    public PerfException(string message)
        : base(message)
    {
    }

    public PerfException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
