namespace RustyNode.Network.Muxing;

/// <summary>The stream was reset by either side (or its connection died); its data is incomplete.</summary>
public sealed class StreamResetException : IOException
{
    public StreamResetException()
        : base("The stream was reset.")
    {
    }

    public StreamResetException(string message)
        : base(message)
    {
    }

    public StreamResetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StreamResetException(string message, StreamResetReason reason)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Why the stream was reset.</summary>
    public StreamResetReason Reason { get; }
}
