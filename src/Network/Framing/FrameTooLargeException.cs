namespace RustyNode.Network.Framing;

/// <summary>A length-prefixed message declares more bytes than its limit; raised before any payload is buffered.</summary>
public sealed class FrameTooLargeException : Libp2pProtocolException
{
    public FrameTooLargeException()
    {
    }

    public FrameTooLargeException(string message)
        : base(message)
    {
    }

    public FrameTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FrameTooLargeException(ulong length, int limit)
        : base($"A message of {length} bytes exceeds the limit of {limit} bytes.")
    {
        Length = length;
        Limit = limit;
    }

    /// <summary>The declared length.</summary>
    public ulong Length { get; }

    /// <summary>The limit it broke.</summary>
    public int Limit { get; }
}
