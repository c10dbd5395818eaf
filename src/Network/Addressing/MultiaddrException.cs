namespace RustyNode.Network.Addressing;

/// <summary>
/// A multiaddr that is malformed, names a protocol we do not know, or exceeds a limit in
/// <see cref="MultiaddrLimits"/> (specs/network/02-multiaddr.md).
/// </summary>
public sealed class MultiaddrException : Libp2pProtocolException
{
    public MultiaddrException()
    {
    }

    public MultiaddrException(string message)
        : base(message)
    {
    }

    public MultiaddrException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
