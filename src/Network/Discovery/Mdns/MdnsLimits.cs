namespace RustyNode.Network.Discovery.Mdns;

/// <summary>Bounds on what we read from mDNS responses (specs/network/21-mdns.md, MDNS-3).</summary>
public static class MdnsLimits
{
    /// <summary>Largest mDNS datagram we read (RFC 6762 section 17); larger ones are dropped.</summary>
    public const int MaxMessageSize = 9000;

    /// <summary>Shortest time between two answers we multicast; queries arriving faster share one answer.</summary>
    public static readonly TimeSpan MinAnswerInterval = TimeSpan.FromSeconds(1);

    /// <summary>TXT strings read from one response; the rest are ignored.</summary>
    public const int MaxTxtStrings = 32;

    /// <summary>Longest TXT string (a DNS character-string is at most 255 bytes, RFC 6763 6.1).</summary>
    public const int MaxTxtLength = 255;

    /// <summary>Addresses kept for one discovered peer.</summary>
    public const int MaxAddressesPerPeer = 16;

    /// <summary>Peers remembered as recently discovered (to report each once per query interval).</summary>
    public const int MaxRememberedPeers = 1024;

    /// <summary>Dials of discovered peers running at once; more discoveries wait for the next response.</summary>
    public const int MaxPendingDials = 8;
}
