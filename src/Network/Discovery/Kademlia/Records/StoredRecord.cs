using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>A record in the store: when it was first published, when it expires, when a PUT last carried it, and whether we published it.</summary>
public sealed record StoredRecord(KadRecord Record, DateTimeOffset Published, DateTimeOffset Expires, DateTimeOffset LastPut, bool Local);
