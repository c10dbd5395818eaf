using RustyNode.Network.Muxing;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Network.Swarm;

/// <summary>The result of <see cref="ConnectionUpgrader"/>: the secure channel and the muxer over it.</summary>
public sealed record UpgradedConnection(SecureChannel Secure, IMuxedConnection Muxer, string MuxerProtocol);
