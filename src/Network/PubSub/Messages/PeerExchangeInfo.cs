namespace RustyNode.Network.PubSub.Messages;

/// <summary>A PRUNE's PeerInfo: a peer id and, optionally, its signed peer record (GS-5.2).</summary>
public sealed record PeerExchangeInfo(byte[]? PeerId, byte[]? SignedPeerRecord);
