using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Network.Discovery.Kademlia.Queries;

/// <summary>The best valid record found for a key (null when none), how many valid copies were seen, and the lookup's figures.</summary>
public sealed record GetValueResult(KadRecord? Record, int ValidCopies, LookupResult Lookup);
