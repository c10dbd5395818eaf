namespace RustyNode.Network.Addressing;

/// <summary>
/// The multiaddr protocol codes we understand (the multicodec table). Any other code is rejected
/// rather than carried along opaquely (MA-1.3).
/// </summary>
public static class MultiaddrProtocol
{
    /// <summary>IPv4 address, 4 bytes.</summary>
    public const int Ip4 = 4;

    /// <summary>TCP port, 2 bytes big-endian.</summary>
    public const int Tcp = 6;

    /// <summary>IPv6 address, 16 bytes.</summary>
    public const int Ip6 = 41;

    /// <summary>A DNS name resolved to IPv4 or IPv6.</summary>
    public const int Dns = 53;

    /// <summary>A DNS name resolved to IPv4 only.</summary>
    public const int Dns4 = 54;

    /// <summary>A DNS name resolved to IPv6 only.</summary>
    public const int Dns6 = 55;

    /// <summary>UDP port, 2 bytes big-endian.</summary>
    public const int Udp = 273;

    /// <summary>Circuit relay marker, no value.</summary>
    public const int P2pCircuit = 290;

    /// <summary>Peer id, as its multihash bytes.</summary>
    public const int P2p = 421;

    /// <summary>QUIC version 1, no value.</summary>
    public const int QuicV1 = 0x01cc;

    /// <summary>WebSocket, no value.</summary>
    public const int Ws = 477;

    /// <summary>Secure WebSocket, no value.</summary>
    public const int Wss = 478;
}
