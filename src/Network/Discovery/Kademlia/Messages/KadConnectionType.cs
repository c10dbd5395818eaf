namespace RustyNode.Network.Discovery.Kademlia.Messages;

/// <summary>What the sender of a peer entry knows of its connection to that peer (KAD-2.1).</summary>
public enum KadConnectionType
{
    /// <summary>Not connected, no recent knowledge.</summary>
    NotConnected = 0,

    /// <summary>Connected now.</summary>
    Connected = 1,

    /// <summary>Recently connected.</summary>
    CanConnect = 2,

    /// <summary>Recently failed to connect.</summary>
    CannotConnect = 3,
}
