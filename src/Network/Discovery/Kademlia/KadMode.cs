namespace RustyNode.Network.Discovery.Kademlia;

/// <summary>Whether a node serves the DHT (KAD-4.1).</summary>
public enum KadMode
{
    /// <summary>Queries others, answers nobody and does not announce the protocol.</summary>
    Client,

    /// <summary>Answers DHT requests and announces the protocol.</summary>
    Server,
}
