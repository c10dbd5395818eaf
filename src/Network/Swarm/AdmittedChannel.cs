using System.IO.Pipelines;
using RustyNode.Network.Muxing;

namespace RustyNode.Network.Swarm;

/// <summary>What the swarm lets a proven peer's connection run over: the channel the muxer uses, and what it charges the peer's traffic to.</summary>
/// <param name="Channel">The secured channel, or a wrapper of it.</param>
/// <param name="Resources">The peer's unasked-traffic budget and the connection's memory budget.</param>
public sealed record AdmittedChannel(IDuplexPipe Channel, MuxerResources Resources);
