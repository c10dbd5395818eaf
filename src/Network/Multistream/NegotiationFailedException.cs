namespace RustyNode.Network.Multistream;

/// <summary>
/// The listener refused every protocol the dialer proposed. The peer followed the protocol, so
/// this is not a <see cref="Libp2pProtocolException"/> and deserves no penalty (MSS-3.4).
/// </summary>
public sealed class NegotiationFailedException : Exception
{
    public NegotiationFailedException()
    {
    }

    public NegotiationFailedException(string message)
        : base(message)
    {
    }

    public NegotiationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refused list of proposals.</summary>
    public NegotiationFailedException(IReadOnlyList<string> proposed)
        : base($"The peer supports none of: {string.Join(", ", proposed ?? [])}.")
    {
        Proposed = proposed ?? [];
    }

    /// <summary>The protocols that were proposed and refused.</summary>
    public IReadOnlyList<string> Proposed { get; } = [];
}
