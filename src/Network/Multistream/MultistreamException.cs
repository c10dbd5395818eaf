namespace RustyNode.Network.Multistream;

/// <summary>
/// The remote side broke multistream-select 1.0: a malformed or over-limit message, a wrong
/// header, an unexpected answer, or too many proposals (specs/network/04-multistream.md).
/// </summary>
public sealed class MultistreamException : Libp2pProtocolException
{
    public MultistreamException()
    {
    }

    public MultistreamException(string message)
        : base(message)
    {
    }

    public MultistreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
