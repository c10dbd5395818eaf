namespace RustyNode.Network.Protocols.Identify;

/// <summary>Bounds on what a peer may send us in identify (IDY-3).</summary>
public static class IdentifyLimits
{
    /// <summary>Largest identify message we read (js-libp2p uses the same bound).</summary>
    public const int MaxMessageSize = 8 * 1024;

    /// <summary>Most listen addresses we keep from one message.</summary>
    public const int MaxListenAddresses = 64;

    /// <summary>Most protocol ids we keep from one message.</summary>
    public const int MaxProtocols = 256;

    /// <summary>Longest protocol id or version string we keep.</summary>
    public const int MaxStringLength = 512;
}
