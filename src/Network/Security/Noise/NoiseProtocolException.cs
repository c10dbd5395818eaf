namespace RustyNode.Network.Security.Noise;

/// <summary>
/// The remote broke the Noise handshake or transport rules: a bad or forged identity, a failed
/// decryption, a malformed or oversized frame, or an identity other than the one dialed.
/// </summary>
public sealed class NoiseProtocolException : Libp2pProtocolException
{
    public NoiseProtocolException()
    {
    }

    public NoiseProtocolException(string message)
        : base(message)
    {
    }

    public NoiseProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
