namespace RustyNode.Network.Discovery.Kademlia.Messages;

/// <summary>
/// A DHT record (KAD-2.1): a key, a value and, optionally, when the record was first published
/// (RFC 3339; KAD-5.4). The arrays are owned by the record and never changed.
/// </summary>
public sealed record KadRecord(byte[] Key, byte[] Value, string? TimeReceived = null);
