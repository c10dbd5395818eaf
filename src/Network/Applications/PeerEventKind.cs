namespace RustyNode.Network.Applications;

/// <summary>What happened to a peer (APP-3).</summary>
public enum PeerEventKind
{
    /// <summary>Not otherwise classified.</summary>
    Unspecified = 0,

    /// <summary>We learned an address of a peer we did not know that address of.</summary>
    Discovered,

    /// <summary>The first connection to the peer finished its upgrade.</summary>
    Connected,

    /// <summary>The last connection to the peer ended.</summary>
    Disconnected,

    /// <summary>The peer told us (through identify) a set of listen addresses different from before.</summary>
    Updated,
}
