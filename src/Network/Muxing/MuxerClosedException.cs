namespace RustyNode.Network.Muxing;

/// <summary>The muxed connection has ended or is going away; no stream can be opened or accepted.</summary>
public sealed class MuxerClosedException : Exception
{
    public MuxerClosedException()
        : base("The multiplexed connection is closed.")
    {
    }

    public MuxerClosedException(string message)
        : base(message)
    {
    }

    public MuxerClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
