namespace RustyNode.Network.RequestResponse;

/// <summary>A message's declared length is over the limit; raised before any of its payload is buffered.</summary>
public sealed class MessageTooLargeException : RequestResponseProtocolException
{
    public MessageTooLargeException()
    {
    }

    public MessageTooLargeException(string message)
        : base(message)
    {
    }

    public MessageTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MessageTooLargeException(ulong length, int limit)
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
