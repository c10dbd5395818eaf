namespace RustyNode.Network.Discovery.Kademlia.Messages;

/// <summary>The DHT message types (KAD-2.1), with their wire numbers.</summary>
public enum KadMessageType
{
    /// <summary>Store a record at the receiver.</summary>
    PutValue = 0,

    /// <summary>Ask for a record and the peers closest to its key.</summary>
    GetValue = 1,

    /// <summary>Announce that the sender provides a key.</summary>
    AddProvider = 2,

    /// <summary>Ask for the providers of a key and the peers closest to it.</summary>
    GetProviders = 3,

    /// <summary>Ask for the peers closest to a key.</summary>
    FindNode = 4,

    /// <summary>Deprecated liveness check; answered with an empty PING.</summary>
    Ping = 5,
}
