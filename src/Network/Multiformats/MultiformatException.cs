namespace RustyNode.Network.Multiformats;

/// <summary>A varint, multibase, multihash or multiaddr that is malformed or over a limit.</summary>
public sealed class MultiformatException : Libp2pProtocolException
{
    public MultiformatException()
    {
    }

    public MultiformatException(string message)
        : base(message)
    {
    }

    public MultiformatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
