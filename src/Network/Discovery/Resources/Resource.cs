using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Resources;

/// <summary>An announced resource: its type and id, the publisher's data, when it expires, and who published it.</summary>
public sealed record Resource(string Type, string Id, byte[] Data, DateTimeOffset Expires, PeerId Publisher);
