using RustyNode.Network.Muxing;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Network.Swarm;

/// <summary>The result of <see cref="ConnectionUpgrader"/>: the secure channel, the muxer over it, and what the muxer charges.</summary>
public sealed record UpgradedConnection(SecureChannel Secure, IMuxedConnection Muxer, string MuxerProtocol, MuxerResources? Resources = null);
