namespace RustyNode.Network.Discovery.Kademlia.Messages;

/// <summary>
/// One DHT message (libp2p kad-dht <c>Message</c>, KAD-2.1): requests and responses share the
/// shape. Immutable; <see cref="KadMessageCodec"/> reads and writes it.
/// </summary>
public sealed record KadMessage(
    KadMessageType Type,
    byte[] Key,
    KadRecord? Record,
    IReadOnlyList<KadPeer> CloserPeers,
    IReadOnlyList<KadPeer> ProviderPeers,
    int ClusterLevel = 0)
{
    /// <summary>A request carrying only a type and a key.</summary>
    public static KadMessage Request(KadMessageType type, byte[] key) => new(type, key, null, [], []);
}
