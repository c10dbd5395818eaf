using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub;

/// <summary>A message author: its peer id, its public key and that key's protobuf (for message ids).</summary>
internal sealed record MessageAuthor(PeerId Peer, PublicKey Key, byte[] KeyProtobuf);
